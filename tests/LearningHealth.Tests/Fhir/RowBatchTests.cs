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
    public void Appending_a_batch_keeps_both_batches_text_apart_and_clearing_makes_room_for_new_rows()
    {
        var first = new RowBatch(2, capacity: 2);
        first.OnRow(["one", "uno"]);
        var second = new RowBatch(2, capacity: 2);
        second.OnRow(["two", null]);
        second.OnRow(["three", "tres"]);

        first.AddRange(second);
        first.AddRange(second);

        Assert.Equal(5, first.Count);
        Assert.Equal(new object?[] { "one", "two", "three", "two", "three" }, Enumerable.Range(0, 5).Select(r => first.Value(0, r)));
        Assert.Equal(new object?[] { "uno", null, "tres", null, "tres" }, Enumerable.Range(0, 5).Select(r => first.Value(1, r)));

        first.Clear();
        first.OnRow(["four", "cuatro"]);

        Assert.Equal(1, first.Count);
        Assert.Equal("four", first.Value(0, 0));
        Assert.Equal("cuatro", first.Value(1, 0));
    }
}
