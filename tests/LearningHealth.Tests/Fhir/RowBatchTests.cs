using LearningHealth.Fhir;

namespace LearningHealth.Tests.Fhir;

public sealed class RowBatchTests
{
    [Fact]
    public void Cells_come_back_as_they_were_given_with_text_readable_without_a_string()
    {
        var batch = new RowBatch(3, capacity: 1);
        batch.OnRow(["a", null, 7]);
        batch.OnRow(["", "bé", new object?[] { "x", 1 }]);
        batch.OnRow([new string('z', 100), true, "tail"]);

        Assert.Equal(3, batch.Count);
        Assert.Equal("a", batch.Value(0, 0));
        Assert.Null(batch.Value(1, 0));
        Assert.Equal(7, batch.Value(2, 0));
        Assert.Equal("", batch.Value(0, 1));
        Assert.Equal("bé", batch.Value(1, 1));
        Assert.Equal(new object?[] { "x", 1 }, (object?[])batch.Value(2, 1)!);
        Assert.Equal(new string('z', 100), batch.Value(0, 2));
        Assert.Equal(true, batch.Value(1, 2));

        Assert.True(batch.TryGetText(2, 2, out var tail));
        Assert.Equal("tail", tail.ToString());
        Assert.True(batch.TryGetText(0, 1, out var empty));
        Assert.True(empty.IsEmpty);
        Assert.False(batch.TryGetText(1, 0, out _));
        Assert.False(batch.TryGetText(2, 0, out _));
    }

    [Fact]
    public void A_cleared_batch_takes_new_rows_in_place_of_the_old_ones()
    {
        var batch = new RowBatch(2, capacity: 2);
        batch.OnRow(["one", "uno"]);
        batch.OnRow(["two", null]);
        batch.OnRow(["three", "tres"]);

        Assert.Equal(new object?[] { "one", "two", "three" }, Enumerable.Range(0, 3).Select(r => batch.Value(0, r)));
        Assert.Equal(new object?[] { "uno", null, "tres" }, Enumerable.Range(0, 3).Select(r => batch.Value(1, r)));

        batch.Clear();
        batch.OnRow([null, "cuatro"]);

        Assert.Equal(1, batch.Count);
        Assert.Null(batch.Value(0, 0));
        Assert.False(batch.TryGetText(0, 0, out _));
        Assert.Equal("cuatro", batch.Value(1, 0));
    }
}
