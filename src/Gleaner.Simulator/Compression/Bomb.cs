namespace Gleaner.Simulator.Compression;

/// <summary>A compressed body ready to send: the wire bytes, their Content-Encoding and the decoded length.</summary>
internal sealed record Bomb(string ContentEncoding, byte[] Wire, long DecodedBytes);
