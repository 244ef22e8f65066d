namespace Gleaner.Extraction.Json;

/// <summary>The three types of the RFC 9535 filter type system (section 2.4.1).</summary>
internal enum JsonPathType
{
    /// <summary>A JSON value or Nothing.</summary>
    Value,

    /// <summary>LogicalTrue or LogicalFalse.</summary>
    Logical,

    /// <summary>A nodelist.</summary>
    Nodes,
}
