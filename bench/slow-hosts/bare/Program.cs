using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BareClient;

// Usage: BareClient URLS_FILE CONCURRENCY PER_HOST OUT.jsonl REGEX
// The slow-hosts job with one HttpClient and its default SocketsHttpHandler: PER_HOST lanes per host, each taking the
// host's targets in turn, under one global bound of CONCURRENCY, as Gleaner's engine schedules them; the regex
// (NonBacktracking, as Gleaner's) on each page; one JSON line per URL. No deadlines, retries, robots.txt or checks.
var urls = File.ReadAllLines(args[0]).Where(line => line.Length > 0).Select(line => new Uri(line)).ToList();
var concurrency = int.Parse(args[1], CultureInfo.InvariantCulture);
var perHost = int.Parse(args[2], CultureInfo.InvariantCulture);
var rule = new Regex(args[4], RegexOptions.NonBacktracking);
using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });
using var fetchSlots = new SemaphoreSlim(concurrency);
using var output = new StreamWriter(args[3]);
var outputLock = new Lock();

var lanes = new List<Task>();
foreach (var host in urls.GroupBy(url => url.Authority))
{
    var queue = new Queue<Uri>(host);
    for (var i = 0; i < Math.Min(perHost, queue.Count); i++)
    {
        lanes.Add(LaneAsync(queue));
    }
}

await Task.WhenAll(lanes);

async Task LaneAsync(Queue<Uri> queue)
{
    while (true)
    {
        Uri? url;
        lock (queue)
        {
            if (!queue.TryDequeue(out url))
            {
                return;
            }
        }

        await fetchSlots.WaitAsync();
        string? value = null, error = null;
        try
        {
            var page = await client.GetStringAsync(url);
            var match = rule.Match(page);
            value = match.Success ? match.Groups[1].Value : null;
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }
        finally
        {
            fetchSlots.Release();
        }

        var line = JsonSerializer.Serialize(new Dictionary<string, string?> { ["url"] = url.OriginalString, ["value"] = value, ["error"] = error }, BareJson.Default.DictionaryStringString);
        lock (outputLock)
        {
            output.WriteLine(line);
        }
    }
}
