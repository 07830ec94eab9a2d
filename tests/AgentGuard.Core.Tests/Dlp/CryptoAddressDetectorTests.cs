namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the Bitcoin and Ethereum address detectors.</summary>
public sealed class CryptoAddressDetectorTests
{
    public static TheoryData<string, string> Bitcoin() => new()
    {
        { "send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa please", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" }, // the genesis address
        { "{\"btc\":\"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2\"}", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2" },
        { "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy" },
        { "wallet: 16AqYshidxibjiKXJMFCg2GyZ1mci68cL1", "16AqYshidxibjiKXJMFCg2GyZ1mci68cL1" },
        { "to=1L1S7ztrF7HdT3N2YUvreuqJp8RNduA2PK&amount=1", "1L1S7ztrF7HdT3N2YUvreuqJp8RNduA2PK" },
        { "pay 3EjNndFzeMC6bSZ2px7RwZiyvPbcJFrcpH", "3EjNndFzeMC6bSZ2px7RwZiyvPbcJFrcpH" },
        { "addr 39pbk693NZWkZNPQb5r6Gr51rnWVwhXBu1.", "39pbk693NZWkZNPQb5r6Gr51rnWVwhXBu1" },
        { "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4" }, // BIP-173
        { "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4" }, // upper case is valid
        { "deposit bc1q7ycdvr70qj7e8ag2u623fk5vvkww9vgvdurvd6 now", "bc1q7ycdvr70qj7e8ag2u623fk5vvkww9vgvdurvd6" },
        { "\"bc1q4klpwg5k65355s4jf346fehdynkxx652czsjw8jcvcneyw92lp8qlkmxck\"", "bc1q4klpwg5k65355s4jf346fehdynkxx652czsjw8jcvcneyw92lp8qlkmxck" },
        { "taproot bc1ptqzkmre04rkap996j7hgk92y9m3dkcg6jxl789rfwvafy374373s4asyhp", "bc1ptqzkmre04rkap996j7hgk92y9m3dkcg6jxl789rfwvafy374373s4asyhp" },
        { "bc1pc4gpsvqrwf24l5347yvzn7ec3s3wgn9kxlcpyyxrwpafpdq9gg8s2zatu2", "bc1pc4gpsvqrwf24l5347yvzn7ec3s3wgn9kxlcpyyxrwpafpdq9gg8s2zatu2" },
    };

    [Theory]
    [MemberData(nameof(Bitcoin))]
    public void Scan_BitcoinAddress_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.BitcoinAddress, value);

    public static TheoryData<string> BitcoinNearMisses() =>
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",           // checksum broken (last character changed)
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa0",          // one character too many (0 is not base58, and it is glued)
        "2A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",           // wrong leading digit
        "x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",          // glued to a word
        "1Il0OIl0OIl0OIl0OIl0OIl0OIl0OIl0O",            // characters outside base58
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",   // bech32 checksum broken
        "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",   // mixed case is invalid
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",   // version 1 with a bech32 (not bech32m) checksum
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kd8f3t4",   // testnet prefix (not bc1)
        "bc1qabc",                                      // too short
        "13:45:07 1234567890123456789012345 ok",        // digits only
    ];

    [Theory]
    [MemberData(nameof(BitcoinNearMisses))]
    public void Scan_BitcoinNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.BitcoinAddress);

    public static TheoryData<string, string> Ethereum() => new()
    {
        { "send to 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" }, // EIP-55 vectors
        { "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359" },
        { "{\"to\":\"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB\"}", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB" },
        { "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb,", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb" },
        { "from 0xb169779eDFb5B9342405157f54b12EAE62d11e88", "0xb169779eDFb5B9342405157f54b12EAE62d11e88" },
        { "0x7EB0766d1877f8c6eff26b5010AF3177D161E795 received", "0x7EB0766d1877f8c6eff26b5010AF3177D161E795" },
        { "payee=0x87A766EC30E4037458A9905cAD87bD4c77E2983f", "0x87A766EC30E4037458A9905cAD87bD4c77E2983f" },
        { "0x27745cCb9a31052E944cF1b220eAa2c7fb1B7D3e", "0x27745cCb9a31052E944cF1b220eAa2c7fb1B7D3e" },
        { "ETH wallet 0xde709f2102306220921060314715629080e2fb77", "0xde709f2102306220921060314715629080e2fb77" }, // lower case with context
        { "eth address: 0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F7030069857D2E4169EE7" }, // upper case with context
        { "{\"wallet\":\"0x27b1fdb04752bbc536007a920d24acb045561c26\"}", "0x27b1fdb04752bbc536007a920d24acb045561c26" },
    };

    [Theory]
    [MemberData(nameof(Ethereum))]
    public void Scan_EthereumAddress_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.EthereumAddress, value);

    public static TheoryData<string> EthereumNearMisses() =>
    [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",            // EIP-55 checksum broken (case of the last letter)
        "0xfB6916095cA1df60bB79Ce92cE3Ea74c37c5d359",
        "0xde709f2102306220921060314715629080e2fb77",            // lower case without any context
        "commit 0x27b1fdb04752bbc536007a920d24acb045561c26",     // lower case, the context is not an address
        "wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae",      // 39 digits
        "wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed0",    // 41 digits
        "tx 0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b", // a transaction hash (64 digits)
        "wallet 0x0000000000000000000000000000000000000000",     // the zero address
        "address 0x0000000000000000000000000000000000000001",    // a precompile
        "wallet 0x5aaeb6053g3e94c9b9a09f33669435e7ef1beaed",     // not hex
        "x0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",          // glued
    ];

    [Theory]
    [MemberData(nameof(EthereumNearMisses))]
    public void Scan_EthereumNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.EthereumAddress);
}
