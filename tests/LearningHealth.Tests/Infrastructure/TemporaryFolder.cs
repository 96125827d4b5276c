namespace LearningHealth.Tests.Infrastructure;

/// <summary>A folder for one test, removed with everything in it when the test ends.</summary>
internal sealed class TemporaryFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; the test run's folder goes at the end anyway.
        }
    }
}
