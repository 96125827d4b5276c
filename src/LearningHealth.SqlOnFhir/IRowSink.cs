namespace LearningHealth.SqlOnFhir;

/// <summary>
/// Receives rows as a view produces them, without a per-row allocation. The span is a reused buffer that is only
/// valid during the call: copy what you keep. Values are ordered as <see cref="CompiledView.Columns"/>.
/// </summary>
public interface IRowSink
{
    /// <summary>Called once per output row.</summary>
    void OnRow(ReadOnlySpan<object?> row);
}
