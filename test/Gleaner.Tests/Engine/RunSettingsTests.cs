using Gleaner.Engine;

namespace Gleaner.Tests.Engine;

public class RunSettingsTests
{
    [Fact]
    public void Validate_SeveralFieldsOutOfRange_NamesEveryOne()
    {
        var settings = new RunSettings { Concurrency = 0, Retries = 99, Jitter = TimeSpan.FromDays(1) };

        var error = Assert.Throws<ArgumentException>(() => settings.Validate());

        Assert.Equal(
            "concurrency must be between 1 and 10000, not 0; per_host.jitter must be between 0 and 1h, not 1.00:00:00; "
            + "retries must be between 0 and 20, not 99",
            error.Message);
    }
}
