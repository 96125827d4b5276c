using System.Globalization;
using System.Text;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>Which FHIRPath temporal type a <see cref="FhirDateTime"/> holds.</summary>
internal enum FhirDateTimeKind
{
    Date,
    DateTime,
    Time,
}

/// <summary>
/// A FHIR/FHIRPath date, dateTime or time with partial precision (e.g. <c>1970-06</c> or <c>T12:34</c>).
/// Comparison follows FHIRPath N1 "Date/Time Arithmetic" and "Comparison": components are compared from the
/// most significant down to the coarser of the two precisions; seconds and milliseconds count as one precision;
/// when all shared components are equal but the precisions differ the answer is unknown (empty).
/// </summary>
internal sealed class FhirDateTime
{
    // Components indexed by precision: 0 year, 1 month, 2 day, 3 hour, 4 minute, 5 second, 6 millisecond.
    private readonly int[] parts;

    private FhirDateTime(FhirDateTimeKind kind, int[] parts, int precision, TimeSpan? offset, string text)
    {
        Kind = kind;
        this.parts = parts;
        Precision = precision;
        Offset = offset;
        Text = text;
    }

    public FhirDateTimeKind Kind { get; }

    /// <summary>Index of the finest component present: 0 year ... 6 millisecond.</summary>
    public int Precision { get; }

    public TimeSpan? Offset { get; }

    /// <summary>The text as written in the resource or literal; rows show dates exactly as the data has them.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Reads FHIR date (<c>YYYY[-MM[-DD]]</c>), dateTime (date plus <c>Thh[:mm[:ss[.fff]]][Z|±hh:mm]</c>) or time text.</summary>
    public static FhirDateTime? TryParse(string text, FhirDateTimeKind kind)
    {
        var parts = new int[7];
        var position = 0;
        var precision = -1;
        TimeSpan? offset = null;

        if (kind != FhirDateTimeKind.Time)
        {
            if (!ReadNumber(text, ref position, 4, out parts[0]))
            {
                return null;
            }

            precision = 0;
            parts[1] = 1;
            parts[2] = 1;
            if (TryConsume(text, ref position, '-'))
            {
                if (!ReadNumber(text, ref position, 2, out parts[1]) || parts[1] is < 1 or > 12)
                {
                    return null;
                }

                precision = 1;
                if (TryConsume(text, ref position, '-'))
                {
                    if (!ReadNumber(text, ref position, 2, out parts[2]) || parts[2] < 1
                        || parts[2] > DateTime.DaysInMonth(parts[0], parts[1]))
                    {
                        return null;
                    }

                    precision = 2;
                }
            }

            if (position == text.Length)
            {
                return new FhirDateTime(kind, parts, precision, null, text);
            }

            if (kind == FhirDateTimeKind.Date || precision != 2 || !TryConsume(text, ref position, 'T'))
            {
                return null;
            }

            if (position == text.Length)
            {
                return new FhirDateTime(kind, parts, precision, null, text);
            }
        }

        if (!ReadNumber(text, ref position, 2, out parts[3]) || parts[3] > 23)
        {
            return null;
        }

        precision = 3;
        if (TryConsume(text, ref position, ':'))
        {
            if (!ReadNumber(text, ref position, 2, out parts[4]) || parts[4] > 59)
            {
                return null;
            }

            precision = 4;
            if (TryConsume(text, ref position, ':'))
            {
                if (!ReadNumber(text, ref position, 2, out parts[5]) || parts[5] > 60)
                {
                    return null;
                }

                precision = 5;
                if (TryConsume(text, ref position, '.'))
                {
                    var start = position;
                    while (position < text.Length && char.IsAsciiDigit(text[position]))
                    {
                        position++;
                    }

                    if (position == start)
                    {
                        return null;
                    }

                    // Keep milliseconds; finer digits are beyond what FHIRPath compares.
                    var fraction = text.AsSpan(start, Math.Min(3, position - start)).ToString().PadRight(3, '0');
                    parts[6] = int.Parse(fraction, CultureInfo.InvariantCulture);
                    precision = 6;
                }
            }
        }

        if (kind == FhirDateTimeKind.DateTime && position < text.Length)
        {
            if (text[position] == 'Z')
            {
                offset = TimeSpan.Zero;
                position++;
            }
            else if (text[position] is '+' or '-')
            {
                var sign = text[position] == '-' ? -1 : 1;
                position++;
                if (!ReadNumber(text, ref position, 2, out var hours) || !TryConsume(text, ref position, ':')
                    || !ReadNumber(text, ref position, 2, out var minutes))
                {
                    return null;
                }

                offset = new TimeSpan(sign * hours, sign * minutes, 0);
            }
        }

        return position == text.Length ? new FhirDateTime(kind, parts, precision, offset, text) : null;
    }

    /// <summary>Wraps a computed value so it prints as <paramref name="text"/>.</summary>
    public static FhirDateTime FromText(string text, FhirDateTimeKind kind) =>
        TryParse(text, kind) ?? throw new FormatException($"'{text}' is not a valid {kind}.");

    /// <summary>
    /// Three-valued comparison: negative, zero or positive, or null when the answer depends on
    /// components that one side does not have (FHIRPath N1 "Comparison" on partial dates).
    /// </summary>
    public static int? Compare(FhirDateTime left, FhirDateTime right)
    {
        if ((left.Kind == FhirDateTimeKind.Time) != (right.Kind == FhirDateTimeKind.Time))
        {
            return null;
        }

        var a = left.NormalizedParts(right);
        var b = right.NormalizedParts(left);
        // Seconds and milliseconds are a single precision for comparison.
        var leftPrecision = Math.Min(left.Precision, 5);
        var rightPrecision = Math.Min(right.Precision, 5);
        var first = left.Kind == FhirDateTimeKind.Time ? 3 : 0;
        var shared = Math.Min(leftPrecision, rightPrecision);
        for (var i = first; i <= shared; i++)
        {
            var ai = i == 5 ? (a[5] * 1000) + a[6] : a[i];
            var bi = i == 5 ? (b[5] * 1000) + b[6] : b[i];
            if (ai != bi)
            {
                return ai < bi ? -1 : 1;
            }
        }

        return leftPrecision == rightPrecision ? 0 : null;
    }

    /// <summary>Moves a date/time with a time part to UTC when both sides carry an offset, so instants compare fairly.</summary>
    private int[] NormalizedParts(FhirDateTime other)
    {
        if (Kind == FhirDateTimeKind.Time || Precision < 3 || Offset is null || other.Offset is null || Offset == TimeSpan.Zero)
        {
            return parts;
        }

        var local = new DateTime(parts[0], parts[1], parts[2], parts[3], parts[4], Math.Min(parts[5], 59), parts[6], DateTimeKind.Unspecified);
        var utc = local - Offset.Value;
        return [utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, utc.Millisecond];
    }

    /// <summary>
    /// The earliest (or latest) instant this value can stand for, written at millisecond precision
    /// (FHIRPath N1 <c>lowBoundary()</c>/<c>highBoundary()</c>). A dateTime without an offset takes the
    /// widest offsets, +14:00 for the low boundary and -12:00 for the high one, as the spec's examples do.
    /// </summary>
    public FhirDateTime Boundary(bool high)
    {
        var year = parts[0];
        var month = Precision >= 1 ? parts[1] : (high ? 12 : 1);
        var day = Precision >= 2 ? parts[2] : (high ? DateTime.DaysInMonth(year, month) : 1);
        var hour = Precision >= 3 ? parts[3] : (high ? 23 : 0);
        var minute = Precision >= 4 ? parts[4] : (high ? 59 : 0);
        var second = Precision >= 5 ? parts[5] : (high ? 59 : 0);
        var millisecond = Precision >= 6 ? parts[6] : (high ? 999 : 0);

        var builder = new StringBuilder();
        if (Kind != FhirDateTimeKind.Time)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}");
        }

        if (Kind == FhirDateTimeKind.Date)
        {
            return FromText(builder.ToString(), Kind);
        }

        if (Kind == FhirDateTimeKind.DateTime)
        {
            builder.Append('T');
        }

        builder.Append(CultureInfo.InvariantCulture, $"{hour:D2}:{minute:D2}:{second:D2}.{millisecond:D3}");
        if (Kind == FhirDateTimeKind.DateTime)
        {
            var offset = Offset ?? (high ? new TimeSpan(-12, 0, 0) : new TimeSpan(14, 0, 0));
            builder.Append(offset == TimeSpan.Zero && Offset is not null
                ? "Z"
                : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
        }

        return FromText(builder.ToString(), Kind);
    }

    private static bool ReadNumber(string text, ref int position, int digits, out int value)
    {
        value = 0;
        if (position + digits > text.Length)
        {
            return false;
        }

        for (var i = 0; i < digits; i++)
        {
            var c = text[position + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        position += digits;
        return true;
    }

    private static bool TryConsume(string text, ref int position, char expected)
    {
        if (position < text.Length && text[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }
}
