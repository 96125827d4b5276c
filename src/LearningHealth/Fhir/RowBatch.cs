using LearningHealth.SqlOnFhir;

namespace LearningHealth.Fhir;

/// <summary>Rows of a view held column by column, as a view's evaluator hands them over (an <see cref="IRowSink"/>).</summary>
public sealed class RowBatch : IRowSink
{
    private readonly object?[][] columns;

    public RowBatch(int columnCount, int capacity = 4096)
    {
        columns = new object?[columnCount][];
        for (var i = 0; i < columnCount; i++)
        {
            columns[i] = new object?[capacity];
        }
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>The cells of one column; only the first <see cref="Count"/> are rows.</summary>
    public object?[] Column(int index) => columns[index];

    public void OnRow(ReadOnlySpan<object?> row)
    {
        if (Count == columns[0].Length)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                Array.Resize(ref columns[i], columns[i].Length * 2);
            }
        }

        for (var i = 0; i < row.Length; i++)
        {
            columns[i][Count] = row[i];
        }

        Count++;
    }

    /// <summary>Appends another batch's rows.</summary>
    public void AddRange(RowBatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var needed = Count + other.Count;
        if (needed > columns[0].Length)
        {
            var size = Math.Max(needed, columns[0].Length * 2);
            for (var i = 0; i < columns.Length; i++)
            {
                Array.Resize(ref columns[i], size);
            }
        }

        for (var i = 0; i < columns.Length; i++)
        {
            Array.Copy(other.columns[i], 0, columns[i], Count, other.Count);
        }

        Count = needed;
    }

    public void Clear()
    {
        foreach (var column in columns)
        {
            Array.Clear(column, 0, Count);
        }

        Count = 0;
    }
}
