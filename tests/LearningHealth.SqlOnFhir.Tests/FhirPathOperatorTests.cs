namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>FHIRPath operators: equality, comparison, three-valued logic, arithmetic, union and membership.</summary>
public sealed class FhirPathOperatorTests
{
    private const string Observation = """
        {
          "resourceType": "Observation",
          "id": "o1",
          "status": "final",
          "valueQuantity": { "value": 7.50, "unit": "mmol/L" },
          "effectiveDateTime": "2021-03-04T10:00:00+02:00",
          "component": [ { "code": { "text": "a" } }, { "code": { "text": "b" } } ]
        }
        """;

    [Theory]
    [InlineData("1 + 2", 3L)]
    [InlineData("7 - 10", -3L)]
    [InlineData("6 * 7", 42L)]
    [InlineData("7 div 2", 3L)]
    [InlineData("7 mod 2", 1L)]
    public void Integer_arithmetic_stays_integer(string expression, long expected)
    {
        Assert.Equal(expected, PathEvaluation.Value(Observation, expression));
    }

    [Fact]
    public void Division_is_always_decimal_and_empty_when_dividing_by_zero()
    {
        Assert.Equal(3.5m, PathEvaluation.Value(Observation, "7 / 2"));
        Assert.Null(PathEvaluation.Value(Observation, "7 / 0"));
    }

    [Fact]
    public void Decimals_from_the_resource_keep_their_written_value()
    {
        Assert.Equal(8.5m, PathEvaluation.Value(Observation, "value.ofType(Quantity).value + 1"));
    }

    [Fact]
    public void Plus_concatenates_strings_and_ampersand_treats_empty_as_empty_string()
    {
        Assert.Equal("final!", PathEvaluation.Value(Observation, "status + '!'"));
        Assert.Null(PathEvaluation.Value(Observation, "status + missing"));
        Assert.Equal("final", PathEvaluation.Value(Observation, "status & missing"));
    }

    [Fact]
    public void Equality_with_an_empty_side_is_empty_and_with_different_counts_is_false()
    {
        Assert.Null(PathEvaluation.Value(Observation, "missing = 'x'"));
        Assert.Equal(false, PathEvaluation.Value(Observation, "component.code.text = 'a'"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "component.code.text = ('a' | 'b')"));
    }

    [Fact]
    public void Numbers_compare_by_value_across_integer_and_decimal()
    {
        Assert.Equal(true, PathEvaluation.Value(Observation, "value.ofType(Quantity).value = 7.5"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "value.ofType(Quantity).value > 7"));
        Assert.Equal(false, PathEvaluation.Value(Observation, "1 != 1.0"));
    }

    [Fact]
    public void Dates_compare_as_instants_and_are_unknown_at_different_precision()
    {
        Assert.Equal(true, PathEvaluation.Value(Observation, "effective.ofType(dateTime) = @2021-03-04T08:00:00Z"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "effective.ofType(dateTime) > @2021-03-03"));
        Assert.Null(PathEvaluation.Value(Observation, "effective.ofType(dateTime) = @2021-03-04"));
        Assert.Equal(false, PathEvaluation.Value(Observation, "@2021-03 = @2022"));
    }

    [Fact]
    public void Strings_order_ordinally()
    {
        Assert.Equal(true, PathEvaluation.Value(Observation, "'abc' < 'abd'"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "'B' < 'a'"));
    }

    [Theory]
    [InlineData("true and {}", null)]
    [InlineData("false and {}", false)]
    [InlineData("true or {}", true)]
    [InlineData("false or {}", null)]
    [InlineData("true xor false", true)]
    [InlineData("false implies {}", true)]
    [InlineData("{}.not()", null)]
    [InlineData("(1 = 1).not()", false)]
    public void Boolean_operators_use_three_valued_logic(string expression, bool? expected)
    {
        Assert.Equal(expected, PathEvaluation.Value(Observation, expression));
    }

    [Fact]
    public void Union_removes_duplicates_and_membership_tests_a_single_item()
    {
        Assert.Equal(["a", "b"], PathEvaluation.Values(Observation, "component.code.text | 'a'"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "'b' in component.code.text"));
        Assert.Equal(false, PathEvaluation.Value(Observation, "component.code.text contains 'c'"));
    }

    [Fact]
    public void Type_operators_test_and_cast_single_items()
    {
        Assert.Equal(true, PathEvaluation.Value(Observation, "value is Quantity"));
        Assert.Equal("mmol/L", PathEvaluation.Value(Observation, "(value as Quantity).unit"));
        Assert.Equal(true, PathEvaluation.Value(Observation, "1 is Integer"));
        Assert.Equal(false, PathEvaluation.Value(Observation, "'1' is System.Integer"));
    }

    [Fact]
    public void Unary_minus_negates_numbers()
    {
        Assert.Equal(-2.5m, PathEvaluation.Value(Observation, "-(2.5)"));
        Assert.Equal(-3L, PathEvaluation.Value(Observation, "-3"));
    }
}
