using System.Security.Cryptography;
using System.Text;

namespace LearningHealth.Feedback;

/// <summary>Anonymous labels for peers: "Clinician A", "Clinician B", … in an order that reveals nothing about who they are.</summary>
public static class PeerLabels
{
    /// <summary>
    /// A sort key from a hash of the Practitioner key: stable from month to month (so "Clinician C" stays the same
    /// peer), but unrelated to names, values or the order of the team list.
    /// </summary>
    public static string Order(string unit) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("peer:" + unit)));

    /// <summary>The n-th label (0-based): A … Z, then AA, AB, ….</summary>
    public static string Letter(int index)
    {
        var letters = "";
        for (var i = index; i >= 0; i = i / 26 - 1)
        {
            letters = (char)('A' + i % 26) + letters;
        }

        return letters;
    }
}
