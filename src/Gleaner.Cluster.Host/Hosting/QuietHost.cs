using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Gleaner.Cluster.Host.Hosting;

/// <summary>
/// The generic host as both commands want it: no configuration files or environment read behind the user's back,
/// logs only from <c>minimum</c> up and only on stderr (stdout carries the command's own lines), signals left to the
/// command.
/// </summary>
internal static class QuietHost
{
    public static HostApplicationBuilder CreateBuilder(LogLevel minimum)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        builder.Logging.SetMinimumLevel(minimum);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return builder;
    }
}
