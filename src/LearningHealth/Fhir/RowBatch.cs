using LearningHealth.SqlOnFhir;

namespace LearningHealth.Fhir;

/// <summary>
/// Rows of a view held column by column, as a view's evaluator hands them over (an <see cref="IRowSink"/>).
/// </summary>
/// <remarks>
/// Text cells are kept as characters in one buffer for the batch, not as the string objects the evaluator made. Rows
/// wait in batches until their row group is written, which is long enough for the garbage collector to promote every
/// short string of a run to its oldest generation and collect it there: a fifth of a run's time went to collector
/// pauses that stop every thread. Copied here, the strings die young, where collecting them costs next to nothing,
/// and the buffer is reused from batch to batch.
/// </remarks>
public sealed class RowBatch : IRowSink
{
    /// <summary>Marks a cell whose value is text in <see cref="text"/>.</summary>
    private static readonly object TextCell = new();

    private readonly object?[][] cells;
    private readonly int[][] textStarts;
    private readonly int[][] textLengths;
    private char[] text;
    private int textUsed;

    public RowBatch(int columnCount, int capacity = 4096)
    {
        cells = new object?[columnCount][];
        textStarts = new int[columnCount][];
        textLengths = new int[columnCount][];
        for (var i = 0; i < columnCount; i++)
        {
            cells[i] = new object?[capacity];
            textStarts[i] = new int[capacity];
            textLengths[i] = new int[capacity];
        }

        text = new char[capacity * 16];
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Characters of text held, over all text cells.</summary>
    public int TextLength => textUsed;

    /// <summary>A cell's value; text comes back as a new string (see <see cref="TryGetText"/> to read it without one).</summary>
    public object? Value(int column, int row)
    {
        var cell = cells[column][row];
        return ReferenceEquals(cell, TextCell) ? new string(text, textStarts[column][row], textLengths[column][row]) : cell;
    }

    /// <summary>The characters of a text cell, valid until the batch is cleared; false for null and other values.</summary>
    public bool TryGetText(int column, int row, out ReadOnlyMemory<char> value)
    {
        if (ReferenceEquals(cells[column][row], TextCell))
        {
            value = text.AsMemory(textStarts[column][row], textLengths[column][row]);
            return true;
        }

        value = default;
        return false;
    }

    public void OnRow(ReadOnlySpan<object?> row)
    {
        EnsureRows(Count + 1);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is string value)
            {
                EnsureText(textUsed + value.Length);
                value.CopyTo(text.AsSpan(textUsed));
                cells[i][Count] = TextCell;
                textStarts[i][Count] = textUsed;
                textLengths[i][Count] = value.Length;
                textUsed += value.Length;
            }
            else
            {
                cells[i][Count] = row[i];
            }
        }

        Count++;
    }

    public void Clear()
    {
        foreach (var column in cells)
        {
            Array.Clear(column, 0, Count);
        }

        Count = 0;
        textUsed = 0;
    }

    private void EnsureRows(int needed)
    {
        if (needed <= cells[0].Length)
        {
            return;
        }

        var size = Math.Max(needed, cells[0].Length * 2);
        for (var i = 0; i < cells.Length; i++)
        {
            Array.Resize(ref cells[i], size);
            Array.Resize(ref textStarts[i], size);
            Array.Resize(ref textLengths[i], size);
        }
    }

    private void EnsureText(int needed)
    {
        if (needed > text.Length)
        {
            Array.Resize(ref text, Math.Max(needed, text.Length * 2));
        }
    }
}
