namespace LearningHealth.Statistics;

/// <summary>
/// A small-number policy: counts from 1 to <see cref="Threshold"/> are hidden. Zero is shown (commonly, thresholds
/// are 7 for NHS England's HES and 4 or 5 elsewhere; the policy is the publisher's to set).
/// </summary>
public sealed record SuppressionPolicy
{
    public SuppressionPolicy(int threshold = 7)
    {
        if (threshold < 1)
        {
            throw new ArgumentException($"The suppression threshold must be at least 1 (got {threshold}).");
        }

        Threshold = threshold;
    }

    public int Threshold { get; }

    public bool IsSmall(long count) => count >= 1 && count <= Threshold;
}

/// <summary>Whether a cell is shown, hidden as a small count (primary), or hidden to protect another cell (secondary).</summary>
public enum CellSuppression
{
    Shown,
    Primary,
    Secondary,
}

/// <summary>A list of counts with its total, after suppression. The total is published unless <see cref="TotalSuppressed"/>.</summary>
public sealed record SuppressedList(IReadOnlyList<long> Counts, IReadOnlyList<CellSuppression> Cells, long Total, bool TotalSuppressed)
{
    /// <summary>The list as it may be published: a suppressed cell (or total) as "*".</summary>
    public IReadOnlyList<string> Published() =>
        [.. Counts.Select((c, i) => Cells[i] == CellSuppression.Shown ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*")];
}

/// <summary>A table of counts with its row, column and grand totals (all published) after suppression.</summary>
public sealed record SuppressedTable(
    IReadOnlyList<IReadOnlyList<long>> Counts,
    IReadOnlyList<IReadOnlyList<CellSuppression>> Cells,
    IReadOnlyList<long> RowTotals,
    IReadOnlyList<long> ColumnTotals,
    long GrandTotal);

/// <summary>
/// Statistical disclosure control for published counts: primary suppression of small counts and secondary
/// suppression so that no hidden count can be worked out from the published totals.
/// </summary>
/// <remarks>
/// <para>
/// Sources: NHS Digital / NHS England, "Hospital Episode Statistics (HES) Analysis Guide", small-number suppression
/// (counts of 1–7 suppressed, and further cells suppressed so the small ones cannot be derived); Office for National
/// Statistics, "Disclosure control guidance for tables produced from administrative sources" (GSS, 2014); Hundepool A
/// et al., "Statistical Disclosure Control" (Wiley, 2012), on tabular data, secondary cell suppression and the
/// attack by linear relations between cells and totals.
/// </para>
/// <para>
/// List with a total: if exactly one cell is suppressed, the total minus the shown cells would give it away, so the
/// next smallest non-zero cell is suppressed too. A zero is not used as the partner: every hidden primary count is
/// at least 1 and every shown-or-secondary non-zero count is above the threshold, so a hidden pair whose sum is S
/// with a zero partner gives the small count as S exactly. If no non-zero partner exists, the total is withheld.
/// </para>
/// <para>
/// Table with row, column and grand totals: every row and column equation must never have exactly one hidden cell,
/// and, more strictly, no hidden cell may be derivable by combining several equations. With rows and columns as the
/// two sides of a graph and hidden cells as edges, a hidden cell is derivable from the totals exactly when its edge is
/// a bridge (lies on no cycle). So, after primary suppression, each bridge is put on a cycle by hiding the cheapest
/// path of further cells between its row and its column (cheapest: fewest zero cells, then smallest total count,
/// then fewest cells). Bridges never reappear when cells are added, so this ends; every row and column with a hidden
/// cell then has at least two.
/// </para>
/// <para>
/// What this does not do: a reader who knows the threshold can still bound a hidden count (for example a hidden pair
/// summing to 9 with threshold 7 must be 1 and 8). Protecting ranges needs an audit by linear programming
/// (as τ-ARGUS does) or rounding, which are outside this method.
/// </para>
/// </remarks>
public static class DisclosureControl
{
    public static SuppressedList SuppressList(IReadOnlyList<long> counts, SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(policy);
        if (counts.Count == 0)
        {
            throw new ArgumentException("No counts to protect.");
        }

        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] < 0)
            {
                throw new ArgumentException($"Count {i + 1} is negative ({counts[i]}); counts must be zero or more.");
            }
        }

        var cells = counts.Select(c => policy.IsSmall(c) ? CellSuppression.Primary : CellSuppression.Shown).ToArray();
        var totalSuppressed = false;
        if (cells.Count(c => c != CellSuppression.Shown) == 1)
        {
            var partner = -1;
            for (var i = 0; i < counts.Count; i++)
            {
                if (cells[i] == CellSuppression.Shown && counts[i] > 0 && (partner < 0 || counts[i] < counts[partner]))
                {
                    partner = i;
                }
            }

            if (partner >= 0)
            {
                cells[partner] = CellSuppression.Secondary;
            }
            else
            {
                totalSuppressed = true;
            }
        }

        return new SuppressedList([.. counts], cells, counts.Sum(), totalSuppressed);
    }

    public static SuppressedTable SuppressTable(IReadOnlyList<IReadOnlyList<long>> counts, SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(policy);
        var rows = counts.Count;
        var columns = rows == 0 ? 0 : counts[0].Count;
        if (rows < 2 || columns < 2)
        {
            throw new ArgumentException(
                "A table needs at least two rows and two columns (with one row or column each total is a single cell); use the list method for one dimension.");
        }

        for (var i = 0; i < rows; i++)
        {
            if (counts[i].Count != columns)
            {
                throw new ArgumentException($"Row {i + 1} has {counts[i].Count} cells; every row needs {columns}.");
            }

            for (var j = 0; j < columns; j++)
            {
                if (counts[i][j] < 0)
                {
                    throw new ArgumentException($"The count at row {i + 1}, column {j + 1} is negative ({counts[i][j]}); counts must be zero or more.");
                }
            }
        }

        var cells = new CellSuppression[rows][];
        for (var i = 0; i < rows; i++)
        {
            cells[i] = [.. counts[i].Select(c => policy.IsSmall(c) ? CellSuppression.Primary : CellSuppression.Shown)];
        }

        while (FindBridge(cells) is var (row, column))
        {
            foreach (var (i, j) in CheapestPath(counts, cells, row, column))
            {
                if (cells[i][j] == CellSuppression.Shown)
                {
                    cells[i][j] = CellSuppression.Secondary;
                }
            }
        }

        var rowTotals = counts.Select(r => r.Sum()).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(j => counts.Sum(r => r[j])).ToArray();
        return new SuppressedTable(
            [.. counts.Select(r => (IReadOnlyList<long>)[.. r])],
            cells,
            rowTotals,
            columnTotals,
            rowTotals.Sum());
    }

    /// <summary>A hidden cell whose row and column are joined by no other chain of hidden cells, if any.</summary>
    private static (int Row, int Column)? FindBridge(CellSuppression[][] cells)
    {
        var rows = cells.Length;
        var columns = cells[0].Length;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (cells[i][j] != CellSuppression.Shown && !Connected(cells, i, j))
                {
                    return (i, j);
                }
            }
        }

        return null;
    }

    /// <summary>Whether row <paramref name="row"/> reaches column <paramref name="column"/> through hidden cells other than their own.</summary>
    private static bool Connected(CellSuppression[][] cells, int row, int column)
    {
        var rows = cells.Length;
        var columns = cells[0].Length;
        // Vertices: rows 0..rows−1, then columns rows..rows+columns−1.
        var seen = new bool[rows + columns];
        var queue = new Queue<int>();
        seen[row] = true;
        queue.Enqueue(row);
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            if (v == rows + column)
            {
                return true;
            }

            if (v < rows)
            {
                for (var j = 0; j < columns; j++)
                {
                    if (cells[v][j] != CellSuppression.Shown && !(v == row && j == column) && !seen[rows + j])
                    {
                        seen[rows + j] = true;
                        queue.Enqueue(rows + j);
                    }
                }
            }
            else
            {
                var j = v - rows;
                for (var i = 0; i < rows; i++)
                {
                    if (cells[i][j] != CellSuppression.Shown && !(i == row && j == column) && !seen[i])
                    {
                        seen[i] = true;
                        queue.Enqueue(i);
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The cheapest chain of cells from row <paramref name="row"/> to column <paramref name="column"/> not using the
    /// cell where they meet (Dijkstra). Hidden cells cost nothing; a shown cell costs one zero if it is 0, otherwise
    /// its count; then one cell.
    /// </summary>
    private static List<(int Row, int Column)> CheapestPath(IReadOnlyList<IReadOnlyList<long>> counts, CellSuppression[][] cells, int row, int column)
    {
        var rows = cells.Length;
        var columns = cells[0].Length;
        var vertices = rows + columns;
        var cost = new (long Zeros, long Count, long Cells)?[vertices];
        var via = new (int Row, int Column, int From)[vertices];
        var done = new bool[vertices];
        cost[row] = (0, 0, 0);
        while (true)
        {
            var v = -1;
            for (var u = 0; u < vertices; u++)
            {
                if (!done[u] && cost[u] is { } c && (v < 0 || c.CompareTo(cost[v]!.Value) < 0))
                {
                    v = u;
                }
            }

            if (v < 0 || v == rows + column)
            {
                break;
            }

            done[v] = true;
            var neighbours = v < rows
                ? Enumerable.Range(0, columns).Select(j => (Row: v, Column: j, To: rows + j))
                : Enumerable.Range(0, rows).Select(i => (Row: i, Column: v - rows, To: i));
            foreach (var (i, j, to) in neighbours)
            {
                if ((i == row && j == column) || done[to])
                {
                    continue;
                }

                var step = cells[i][j] != CellSuppression.Shown ? (0L, 0L, 0L)
                    : counts[i][j] == 0 ? (1L, 0L, 1L)
                    : (0L, counts[i][j], 1L);
                var current = cost[v]!.Value;
                var candidate = (current.Zeros + step.Item1, current.Count + step.Item2, current.Cells + step.Item3);
                if (cost[to] is not { } known || candidate.CompareTo(known) < 0)
                {
                    cost[to] = candidate;
                    via[to] = (i, j, v);
                }
            }
        }

        // With at least two rows and two columns a path always exists: row → another column → another row → column.
        var path = new List<(int, int)>();
        for (var v = rows + column; v != row; v = via[v].From)
        {
            path.Add((via[v].Row, via[v].Column));
        }

        return path;
    }
}
