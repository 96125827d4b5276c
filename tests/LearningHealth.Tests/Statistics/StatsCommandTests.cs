using System.Text.Json;
using LearningHealth.Cli;

namespace LearningHealth.Tests.Statistics;

public sealed class StatsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lhs-stats-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<JsonElement> RunJson(params string[] args)
    {
        var (exit, output, error) = await Run(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Empty(error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static async Task<string> RunError(params string[] args)
    {
        var (exit, output, error) = await Run(args);
        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.StartsWith("lhs: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        return error;
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Ci_wilson_prints_the_worked_example_as_a_proportion()
    {
        // 65/100 at 95% → [0.552544, 0.736358] (arithmetic in ConfidenceIntervalTests).
        var json = await RunJson("stats", "ci", "--method", "wilson", "--x", "65", "--n", "100");
        Assert.Equal(0.552544, json.GetProperty("lower").GetDouble(), 1e-6);
        Assert.Equal(0.736358, json.GetProperty("upper").GetDouble(), 1e-6);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("lower").ValueKind);
    }

    [Fact]
    public async Task Ci_byar_at_99_8_percent_matches_the_hand_calculation()
    {
        // z = 3.090232. Lower: 1 − 1/585 − 3.090232/(3√65) = 1 − 0.001709 − 0.127765 = 0.870525; cubed 0.659696;
        // × 65 = 42.8803. Upper: 1 − 1/594 + 3.090232/(3√66) = 1 − 0.001684 + 0.126794 = 1.125110; cubed 1.424247;
        // × 66 = 94.0003.
        var json = await RunJson("stats", "ci", "--method", "byar", "--x", "65", "--level", "0.998");
        Assert.Equal(42.8803, json.GetProperty("lower").GetDouble(), 1e-4);
        Assert.Equal(94.0003, json.GetProperty("upper").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Ci_exact_prints_the_poisson_limits_for_three()
    {
        var json = await RunJson("stats", "ci", "--method", "exact", "--x", "3");
        Assert.Equal(0.6187, json.GetProperty("lower").GetDouble(), 1e-4);
        Assert.Equal(8.7673, json.GetProperty("upper").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Ci_with_an_unknown_method_is_an_error()
    {
        Assert.Contains("unknown method 'poisson'", await RunError("stats", "ci", "--method", "poisson", "--x", "3"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("101", "100", "must not exceed")]
    [InlineData("5", "0", "greater than zero")]
    [InlineData("-1", "100", "zero or more")]
    [InlineData("abc", "100", "--x: 'abc' is not a number")]
    [InlineData("5", "ten", "--n: 'ten' is not a number")]
    public async Task Ci_wilson_rejects_bad_counts(string x, string n, string message)
    {
        Assert.Contains(message, await RunError("stats", "ci", "--method", "wilson", "--x", x, "--n", n), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ci_rejects_a_negative_count_and_a_level_outside_zero_to_one()
    {
        Assert.Contains("zero or more", await RunError("stats", "ci", "--method", "exact", "--x", "-2"), StringComparison.Ordinal);
        Assert.Contains("between 0 and 1", await RunError("stats", "ci", "--method", "byar", "--x", "5", "--level", "95"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ci_wilson_needs_n_and_counts_do_not_take_one()
    {
        Assert.Contains("--n is required", await RunError("stats", "ci", "--method", "wilson", "--x", "5"), StringComparison.Ordinal);
        Assert.Contains("--n is used only with --method wilson", await RunError("stats", "ci", "--method", "exact", "--x", "5", "--n", "9"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spc_prints_mean_limits_and_typed_points()
    {
        // The shift example: mean 10, limits 10 ± 2.66 × 16/13 = [6.726154, 13.273846]; the first seven points are a
        // shift above (improvement), the last seven a shift below (concern).
        var json = await RunJson("stats", "spc", "--values", "12,11,12,11,12,11,12,8,9,8,9,8,9,8");
        Assert.Equal(10, json.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(6.726154, json.GetProperty("lowerProcessLimit").GetDouble(), 1e-6);
        Assert.Equal(13.273846, json.GetProperty("upperProcessLimit").GetDouble(), 1e-6);
        var points = json.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(14, points.Length);
        Assert.Equal(12, points[0].GetProperty("value").GetDouble());
        Assert.Equal("special_cause_improvement", points[0].GetProperty("type").GetString());
        Assert.Equal("special_cause_concern", points[13].GetProperty("type").GetString());
        Assert.Equal("shift", points[13].GetProperty("rule").GetString());
        Assert.Equal("special_cause_concern", json.GetProperty("variation").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("assurance").ValueKind);
        // 14 points: fewer than 13 would warn; this does not.
        Assert.Empty(json.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Spc_with_a_target_and_decrease_reports_assurance()
    {
        // Limits [6.73, 13.27]. When lower is better, a target of 15 lies above the upper limit, so every value the
        // process gives meets it (consistent pass); a target of 5 lies below the lower limit, so none does (fail).
        const string values = "12,11,12,11,12,11,12,8,9,8,9,8,9,8";
        var pass = await RunJson("stats", "spc", "--values", values, "--improvement", "decrease", "--target", "15");
        Assert.Equal("consistent_pass", pass.GetProperty("assurance").GetString());
        Assert.Equal("special_cause_improvement", pass.GetProperty("variation").GetString());
        var fail = await RunJson("stats", "spc", "--values", values, "--improvement", "decrease", "--target", "5");
        Assert.Equal("consistent_fail", fail.GetProperty("assurance").GetString());
    }

    [Fact]
    public async Task Spc_rebase_reports_each_segment()
    {
        var values = string.Join(",", Enumerable.Repeat("10,11,9", 5).Concat(Enumerable.Repeat("20,21,19", 5)));
        var json = await RunJson("stats", "spc", "--values", values, "--rebase", "15");
        var segments = json.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(2, segments.Length);
        Assert.Equal(10, segments[0].GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(20, segments[1].GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(15, segments[1].GetProperty("start").GetInt32());
        Assert.Equal(23.61, json.GetProperty("upperProcessLimit").GetDouble(), 1e-9);
        Assert.All(json.GetProperty("points").EnumerateArray(), p => Assert.Equal("common_cause", p.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Spc_warns_about_a_short_baseline_and_honours_no_screen_and_baseline()
    {
        // 10,12,10,12,10,40,10,12,10,12 unscreened: MR̄ = 74/9, upper limit 13.8 + 2.66 × 74/9 = 35.671111.
        var json = await RunJson("stats", "spc", "--values", "10,12,10,12,10,40,10,12,10,12", "--no-screen");
        Assert.Equal(35.671111, json.GetProperty("upperProcessLimit").GetDouble(), 1e-6);
        Assert.Contains("fewer than 13", Assert.Single(json.GetProperty("warnings").EnumerateArray()).GetString(), StringComparison.Ordinal);
        // Output is for people and files, not HTML: the dash in "15–20" is written as is, not as \u2013.
        Assert.Contains("15–20 preferred", (await Run("stats", "spc", "--values", "1,2,3")).Output, StringComparison.Ordinal);

        // Baseline of the first 4 points: mean 11, MR̄ 2, limits 11 ± 5.32.
        var fixedBaseline = await RunJson("stats", "spc", "--values", "10,12,10,12,10,40,10,12,10,12", "--baseline", "4");
        Assert.Equal(11, fixedBaseline.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(16.32, fixedBaseline.GetProperty("upperProcessLimit").GetDouble(), 1e-9);
    }

    [Fact]
    public async Task Spc_reads_a_csv_column_with_or_without_a_header()
    {
        var withHeader = File("with-header.csv", "month,value\n2024-01,5\n2024-02,7\n2024-03,6\n2024-04,8\n2024-05,6\n2024-06,7\n2024-07,5\n2024-08,6\n2024-09,7\n2024-10,6\n");
        var json = await RunJson("stats", "spc", "--input", withHeader);
        Assert.Equal(6.3, json.GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(10.142222, json.GetProperty("upperProcessLimit").GetDouble(), 1e-6);

        var bare = File("bare.csv", "5\n7\n6\n8\n6\n7\n5\n6\n7\n6\n");
        Assert.Equal(6.3, (await RunJson("stats", "spc", "--input", bare)).GetProperty("mean").GetDouble(), 1e-12);

        var named = File("named.csv", "month,admissions\n1,5\n2,7\n3,6\n");
        Assert.Equal(6, (await RunJson("stats", "spc", "--input", named, "--column", "admissions")).GetProperty("mean").GetDouble(), 1e-12);
        Assert.Contains("name the one to chart with --column", await RunError("stats", "spc", "--input", named), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spc_names_a_non_numeric_value_and_its_position()
    {
        Assert.Contains("--values: value 3 ('abc') is not a number", await RunError("stats", "spc", "--values", "1,2,abc,4"), StringComparison.Ordinal);
        var csv = File("bad.csv", "value\n1\n2\nx7\n");
        Assert.Contains("bad.csv line 4, column 'value': 'x7' is not a number", await RunError("stats", "spc", "--input", csv), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spc_rejects_empty_input_and_unknown_directions()
    {
        Assert.Contains("--values is empty", await RunError("stats", "spc", "--values", ""), StringComparison.Ordinal);
        Assert.Contains("has no values", await RunError("stats", "spc", "--input", File("empty.csv", "\n\n")), StringComparison.Ordinal);
        Assert.Contains("either with --values", await RunError("stats", "spc"), StringComparison.Ordinal);
        Assert.Contains("unknown improvement direction 'up'", await RunError("stats", "spc", "--values", "1,2", "--improvement", "up"), StringComparison.Ordinal);
        Assert.Contains("no such file", await RunError("stats", "spc", "--input", Path.Combine(_folder, "missing.csv")), StringComparison.Ordinal);
        Assert.Contains("out of range", await RunError("stats", "spc", "--values", "1,2,3", "--rebase", "3"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_of_proportions_prints_target_limits_and_flags()
    {
        // Target 80/400 = 0.2; at n = 100 the Wilson limits are [0.121601, 0.278399] and [0.076391, 0.323609].
        var csv = File("units.csv", "unit,numerator,denominator\n\"Ward A, north\",30,100\nWard B,35,100\nWard C,10,100\nWard D,5,100\n");
        var json = await RunJson("stats", "funnel", "--input", csv, "--type", "proportion");
        Assert.Equal(0.2, json.GetProperty("target").GetDouble(), 1e-12);
        var units = json.GetProperty("units").EnumerateArray().ToArray();
        Assert.Equal("Ward A, north", units[0].GetProperty("unit").GetString());
        Assert.Equal(0.3, units[0].GetProperty("value").GetDouble(), 1e-12);
        Assert.Equal(0.278399, units[0].GetProperty("upper95").GetDouble(), 1e-6);
        Assert.Equal(0.076391, units[0].GetProperty("lower998").GetDouble(), 1e-6);
        Assert.Equal("above", units[0].GetProperty("flag95").GetString());
        Assert.Equal("inside", units[0].GetProperty("flag998").GetString());
        Assert.Equal("below", units[3].GetProperty("flag998").GetString());
    }

    [Fact]
    public async Task Funnel_limits_at_given_sizes()
    {
        var csv = File("units.csv", "unit,numerator,denominator\nA,30,100\nB,35,100\nC,10,100\nD,5,100\n");
        var json = await RunJson("stats", "funnel", "--input", csv, "--type", "proportion", "--limits-at", "5,100");
        Assert.Equal(0.2, json.GetProperty("target").GetDouble(), 1e-12);
        var limits = json.GetProperty("limits").EnumerateArray().ToArray();
        Assert.Equal(5, limits[0].GetProperty("size").GetDouble());
        Assert.Equal(0, limits[0].GetProperty("lower95").GetDouble());
        Assert.Equal(0.550609, limits[0].GetProperty("upper95").GetDouble(), 1e-6);
        Assert.Equal(0.121601, limits[1].GetProperty("lower95").GetDouble(), 1e-6);
        Assert.Equal(0.323609, limits[1].GetProperty("upper998").GetDouble(), 1e-6);
        Assert.False(json.TryGetProperty("units", out _));
    }

    [Fact]
    public async Task Funnel_with_overdispersion_uses_spiegelhalter_and_reports_tau_squared()
    {
        var rows = new[] { 10, 15, 20, 22, 25, 25, 28, 30, 35, 40 }.Select((x, i) => $"U{i},{x},100");
        var csv = File("od.csv", "unit,numerator,denominator\n" + string.Join("\n", rows));
        var json = await RunJson("stats", "funnel", "--input", csv, "--type", "proportion", "--overdispersion");
        Assert.Equal("spiegelhalter", json.GetProperty("method").GetString());
        var overdispersion = json.GetProperty("overdispersion");
        Assert.Equal(2.717299, overdispersion.GetProperty("phi").GetDouble(), 1e-6);
        Assert.Equal(0.0050481, overdispersion.GetProperty("tau2").GetDouble(), 1e-7);
        Assert.Equal(0.119725, json.GetProperty("units")[0].GetProperty("lower95").GetDouble(), 1e-6);

        Assert.Contains("Spiegelhalter", await RunError("stats", "funnel", "--input", csv, "--type", "proportion", "--method", "wilson", "--overdispersion"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_of_ratios_uses_exact_poisson_limits()
    {
        // 10/3: limits at E = 3 are [0.206224, 2.922424] (95%) and upper 4.354080 (99.8%).
        var csv = File("smr.csv", "unit,observed,expected\nTrust A,10,3\nTrust B,100,100\n");
        var json = await RunJson("stats", "funnel", "--input", csv, "--type", "ratio");
        Assert.Equal(1, json.GetProperty("target").GetDouble());
        var first = json.GetProperty("units")[0];
        Assert.Equal(10, first.GetProperty("observed").GetDouble());
        Assert.Equal(0.206224, first.GetProperty("lower95").GetDouble(), 1e-6);
        Assert.Equal(2.922424, first.GetProperty("upper95").GetDouble(), 1e-6);
        Assert.Equal("above", first.GetProperty("flag95").GetString());
        Assert.Equal("inside", first.GetProperty("flag998").GetString());
    }

    [Theory]
    [InlineData("unit,numerator,denominator\nA,-1,10\n", "line 2, column 'numerator': numerator must be zero or more")]
    [InlineData("unit,numerator,denominator\nA,1,10\nB,0,0\n", "line 3, column 'denominator': denominator must be greater than zero")]
    [InlineData("unit,numerator,denominator\nA,11,10\n", "line 2: the numerator (11) is larger than the denominator (10)")]
    [InlineData("unit,numerator,denominator\nA,1,ten\n", "line 2, column 'denominator': 'ten' is not a number")]
    [InlineData("unit,num,den\nA,1,10\n", "the header must name the columns unit,numerator,denominator")]
    [InlineData("unit,numerator,denominator\n", "has a header but no units")]
    [InlineData("", "is empty")]
    public async Task Funnel_rejects_bad_csv_naming_line_and_column(string text, string message)
    {
        var csv = File("bad.csv", text);
        Assert.Contains(message, await RunError("stats", "funnel", "--input", csv, "--type", "proportion"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Funnel_rejects_unknown_types_and_methods()
    {
        var csv = File("units.csv", "unit,numerator,denominator\nA,1,10\n");
        Assert.Contains("unknown type 'rate'", await RunError("stats", "funnel", "--input", csv, "--type", "rate"), StringComparison.Ordinal);
        Assert.Contains("unknown method 'exact'", await RunError("stats", "funnel", "--input", csv, "--type", "proportion", "--method", "exact"), StringComparison.Ordinal);
        Assert.Contains("--type is required", await RunError("stats", "funnel", "--input", csv), StringComparison.Ordinal);
    }
}
