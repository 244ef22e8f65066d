using Gleaner.Simulator.Hosting;

namespace Gleaner.Simulator.Raw;

/// <summary>Answers one request on the raw-socket server by writing whatever bytes it likes.</summary>
internal delegate Task RawHandler(RawExchange exchange, SimulatorContext sim);
