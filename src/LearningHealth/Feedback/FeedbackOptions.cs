using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LearningHealth.Feedback;

/// <summary>
/// How feedback cycles reach people: the public address of the app (for links in e-mails) and the monthly schedule.
/// Read from <c>PublicBaseUrl</c> and <c>Feedback:Schedule</c>.
/// </summary>
public sealed record FeedbackOptions(Uri? PublicBaseUrl, FeedbackSchedule Schedule)
{
    public const string PublicBaseUrlKey = "PublicBaseUrl";
    public const string ScheduleKey = "Feedback:Schedule";

    public static FeedbackOptions From(IConfiguration configuration)
    {
        var text = configuration[PublicBaseUrlKey];
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            if (!Uri.TryCreate(text.Trim().TrimEnd('/') + "/", UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{PublicBaseUrlKey}: '{text}' is not an http(s) address such as https://lhs.example.org.");
            }
        }

        return new FeedbackOptions(baseUrl, FeedbackSchedule.Parse(configuration[ScheduleKey]));
    }

    /// <summary>An absolute link to a path in the app, or the path alone when no public address is configured.</summary>
    public string Link(string path) => PublicBaseUrl is null ? path : new Uri(PublicBaseUrl, path.TrimStart('/')).ToString();
}

/// <summary>
/// When the feedback cycle is published: on a day of the month at an hour (UTC), or never (<c>off</c>). Written
/// <c>"1 06:00"</c> (the default: the first of the month at 06:00 UTC) or <c>"off"</c>. A day past the end of a short
/// month means its last day.
/// </summary>
public sealed record FeedbackSchedule(bool Enabled, int Day, TimeOnly At)
{
    public static readonly FeedbackSchedule Default = new(true, 1, new TimeOnly(6, 0));

    public static FeedbackSchedule Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        var trimmed = text.Trim();
        if (string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase))
        {
            return Default with { Enabled = false };
        }

        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return new FeedbackSchedule(true, day, at);
        }

        throw new InvalidOperationException(
            $"{FeedbackOptions.ScheduleKey}: '{text}' is not a schedule. Write the day of the month and the UTC time, e.g. \"1 06:00\", or \"off\".");
    }

    /// <summary>The latest complete period at a moment: the month before the current one.</summary>
    public static DateOnly LatestCompletePeriod(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1).AddMonths(-1);
    }

    /// <summary>The moment in a month when its cycle falls due.</summary>
    public DateTime DueIn(int year, int month) =>
        new DateOnly(year, month, Math.Min(Day, DateTime.DaysInMonth(year, month))).ToDateTime(At, DateTimeKind.Utc);

    /// <summary>
    /// Whether a cycle should be published now: the schedule is on, this month's moment has passed, and the latest
    /// complete period (last month) has no cycle yet. <paramref name="latestPublished"/> is the period of the newest
    /// cycle, or null when there is none.
    /// </summary>
    public bool IsDue(DateTimeOffset now, DateOnly? latestPublished)
    {
        if (!Enabled)
        {
            return false;
        }

        var utc = now.UtcDateTime;
        return utc >= DueIn(utc.Year, utc.Month) && (latestPublished is null || latestPublished < LatestCompletePeriod(now));
    }
}

/// <summary>
/// The SMTP server feedback e-mails go through, from the <c>Smtp</c> section: <c>Host</c>, <c>Port</c> (default 587),
/// <c>From</c>, <c>UserName</c>, <c>Password</c>, <c>UseTls</c> (default true). No host means no e-mail.
/// </summary>
public sealed record SmtpOptions(string? Host, int Port, string From, string? UserName, string? Password, bool UseTls)
{
    public const string Section = "Smtp";

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public static SmtpOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var portText = section["Port"];
        var port = 587;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new InvalidOperationException($"Smtp:Port: '{portText}' is not a port number (1–65535).");
        }

        var tlsText = section["UseTls"];
        var useTls = true;
        if (!string.IsNullOrWhiteSpace(tlsText) && !bool.TryParse(tlsText, out useTls))
        {
            throw new InvalidOperationException($"Smtp:UseTls: '{tlsText}' must be true or false.");
        }

        var host = section["Host"];
        var from = section["From"];
        if (!string.IsNullOrWhiteSpace(host) && string.IsNullOrWhiteSpace(from))
        {
            throw new InvalidOperationException("Smtp:From: required when Smtp:Host is set (the address feedback e-mails come from).");
        }

        return new SmtpOptions(string.IsNullOrWhiteSpace(host) ? null : host.Trim(), port, from?.Trim() ?? "",
            section["UserName"], section["Password"], useTls);
    }
}
