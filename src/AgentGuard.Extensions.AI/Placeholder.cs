namespace AgentGuard;
