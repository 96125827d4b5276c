using System.Text;
using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath;
using LearningHealth.SqlOnFhir.Views;

namespace LearningHealth.SqlOnFhir;

/// <summary>
/// A validated ViewDefinition compiled to an evaluation tree, ready to turn FHIR R4 JSON resources into rows.
/// Immutable and thread-safe; the <c>Evaluate</c> helpers borrow a cached <see cref="ViewEvaluator"/>, and
/// <see cref="CreateEvaluator"/> gives one per thread for tight loops.
/// </summary>
public sealed class CompiledView
{
    private ViewEvaluator? cachedEvaluator;

    internal CompiledView(
        string? name,
        string resource,
        IReadOnlyList<ViewColumn> columns,
        SelectionNode root,
        WhereClause[] wheres,
        int selectionCount)
    {
        Name = name;
        Resource = resource;
        ResourceUtf8 = Encoding.UTF8.GetBytes(resource);
        Columns = columns;
        Root = root;
        Wheres = wheres;
        SelectionCount = selectionCount;
        Streaming = StreamingPlan.TryCreate(this);
    }

    /// <summary>The view's <c>name</c>, if it has one.</summary>
    public string? Name { get; }

    /// <summary>The FHIR resource type the view reads; other resources produce no rows.</summary>
    public string Resource { get; }

    /// <summary>The output columns, in the order of every row's values.</summary>
    public IReadOnlyList<ViewColumn> Columns { get; }

    internal byte[] ResourceUtf8 { get; }

    internal SelectionNode Root { get; }

    internal WhereClause[] Wheres { get; }

    internal int SelectionCount { get; }

    /// <summary>How the view is read straight from UTF-8 JSON, when its paths allow (null otherwise).</summary>
    internal StreamingPlan? Streaming { get; }

    /// <summary>
    /// Whether <see cref="ViewEvaluator.Evaluate(ReadOnlyMemory{byte}, IRowSink)"/> reads resources of this view
    /// straight from their JSON text, keeping only the elements the view names (see <see cref="StreamingPlan"/>),
    /// rather than parsing each into a document first. The rows are the same either way.
    /// </summary>
    public bool ReadsJsonDirectly => Streaming is not null;

    /// <summary>A new evaluator for this view, to be used by one thread at a time.</summary>
    public ViewEvaluator CreateEvaluator() => new(this);

    /// <summary>The rows one resource produces, each an array ordered as <see cref="Columns"/>.</summary>
    public IReadOnlyList<object?[]> Evaluate(JsonElement resource)
    {
        var rows = new RowCollector();
        Evaluate(resource, rows);
        return rows.Rows;
    }

    /// <summary>Sends the rows one resource produces to <paramref name="sink"/>; returns how many there were.</summary>
    public int Evaluate(JsonElement resource, IRowSink sink)
    {
        var evaluator = Interlocked.Exchange(ref cachedEvaluator, null) ?? CreateEvaluator();
        try
        {
            return evaluator.Evaluate(resource, sink);
        }
        finally
        {
            cachedEvaluator = evaluator;
        }
    }

    /// <summary>The rows of many resources, in order; resources of other types are skipped.</summary>
    public IReadOnlyList<object?[]> Evaluate(IEnumerable<JsonElement> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var rows = new RowCollector();
        foreach (var resource in resources)
        {
            Evaluate(resource, rows);
        }

        return rows.Rows;
    }

    /// <summary>
    /// Reads newline-delimited JSON (one resource per line, as FHIR Bulk Data export writes it) and sends every row
    /// to <paramref name="sink"/>. Each line is parsed straight from the read buffer and released before the next,
    /// so memory use does not grow with the file. Returns the number of resources read (of any type).
    /// </summary>
    /// <exception cref="InvalidDataException">A line is not valid JSON; the message gives its line number.</exception>
    /// <exception cref="ViewEvaluationException">A resource breaks a rule of the view.</exception>
    public long EvaluateNdjson(Stream ndjson, IRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        ArgumentNullException.ThrowIfNull(sink);
        var evaluator = CreateEvaluator();
        var count = 0L;
        foreach (var (line, number) in NdjsonLines.Read(ndjson))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException error)
            {
                throw new InvalidDataException($"NDJSON line {number} is not valid JSON: {error.Message}", error);
            }

            using (document)
            {
                evaluator.Evaluate(document.RootElement, sink);
            }

            count++;
        }

        return count;
    }

    private sealed class RowCollector : IRowSink
    {
        public List<object?[]> Rows { get; } = [];

        public void OnRow(ReadOnlySpan<object?> row) => Rows.Add(row.ToArray());
    }
}
