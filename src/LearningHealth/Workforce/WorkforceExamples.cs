namespace LearningHealth.Workforce;

/// <summary>The example scenario and WISN study (Workforce/Examples), shipped in the assembly as starting points.</summary>
public static class WorkforceExamples
{
    public static string Scenario { get; } = Read("workforce-scenario.json");
    public static string WisnStudy { get; } = Read("wisn-study.json");

    private static string Read(string name)
    {
        using var stream = typeof(WorkforceExamples).Assembly.GetManifestResourceStream($"LearningHealth.Workforce.Examples.{name}")
            ?? throw new InvalidOperationException($"The example {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
