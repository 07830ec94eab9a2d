namespace AgentGuard;

/// <summary>Cheap facts about a numeric segment, gathered while the scanner finds its end, used to skip detectors early.</summary>
/// <param name="Digits">The number of digits.</param>
/// <param name="Dots">The number of dots.</param>
/// <param name="Plus">Whether a <c>+</c> precedes the segment.</param>
internal readonly record struct NumericSegment(int Digits, int Dots, bool Plus);
