namespace Gleaner.Simulator;

/// <summary>Marks the simulator assembly until its server lands.</summary>
internal static class Placeholder;
