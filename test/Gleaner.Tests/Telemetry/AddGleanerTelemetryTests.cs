using Gleaner.Engine;
using Gleaner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gleaner.Tests.Telemetry;

public sealed class AddGleanerTelemetryTests
{
    [Fact]
    public void AddGleaner_ContainerHasALoggerFactory_TheEngineLogsThroughIt()
    {
        var log = new RecordingLogger();
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(log).AddGleaner();
        using var provider = services.BuildServiceProvider();

        Assert.Same(log, provider.GetRequiredService<RunEngine>().LoggerFactory);
    }

    [Fact]
    public void AddGleaner_NoLoggerFactory_TheEngineRunsWithoutOne()
    {
        using var provider = new ServiceCollection().AddGleaner().BuildServiceProvider();

        Assert.Null(provider.GetRequiredService<RunEngine>().LoggerFactory);
    }
}
