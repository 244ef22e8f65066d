using System.Text.Json.Serialization;

namespace BareClient;

/// <summary>Source-generated JSON for the records (native AOT has no reflection-based serializer).</summary>
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class BareJson : JsonSerializerContext;
