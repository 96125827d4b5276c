using System.Text;
using LearningHealth.Fhir;

namespace LearningHealth.Tests.Fhir;

/// <summary>Temporary folders, small FHIR files and queries against the analytics store for the routine-data tests.</summary>
internal sealed class FhirTestData : IDisposable
{
    public FhirTestData()
    {
        Root = Directory.CreateTempSubdirectory("lhs-fhir-").FullName;
        DataDirectory = Path.Combine(Root, "data");
        Directory.CreateDirectory(Path.Combine(Root, "in"));
    }

    public string Root { get; }

    public string DataDirectory { get; }

    public string QuarantinePath => Path.Combine(DataDirectory, AnalyticsStore.QuarantineFileName);

    public static string Patient(string id, string? lastUpdated = null, string family = "Smith") =>
        $$"""{"resourceType":"Patient","id":"{{id}}"{{(lastUpdated is null ? "" : $$""","meta":{"lastUpdated":"{{lastUpdated}}"}""")}},"name":[{"family":"{{family}}"}]}""";

    public string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(Root, "in", name);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return path;
    }

    /// <summary>The text as one gzip member.</summary>
    public static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return compressed.ToArray();
    }

    /// <summary>Lines of <see cref="Patient"/> resources p<paramref name="from"/> to p<paramref name="to"/> - 1.</summary>
    public static string Patients(int from, int to) => string.Concat(Enumerable.Range(from, to - from).Select(i => Patient($"p{i}") + "\n"));

    public ImportSummary Import(params string[] paths) => new FhirImporter(DataDirectory).Import(paths);

    public ImportSummary Import(ImportOptions options, CancellationToken cancellationToken, params string[] paths) =>
        new FhirImporter(DataDirectory).Import(paths, options, null, cancellationToken);

    public List<object?[]> Query(string sql)
    {
        using var connection = AnalyticsStore.Open(DataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public long Count(string sql) => Convert.ToInt64(Query(sql)[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public string[] QuarantineLines() => File.Exists(QuarantinePath) ? File.ReadAllLines(QuarantinePath) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
