using System.Globalization;
using System.Text;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// Splits a FHIRPath expression into tokens. Follows the lexer rules of the FHIRPath N1 grammar:
/// single-quoted strings with JSON-like escapes, back-quoted delimited identifiers, <c>@</c> date/time
/// literals, <c>%</c> external constants and <c>//</c> or <c>/* */</c> comments.
/// </summary>
internal static class FhirPathLexer
{
    private static readonly string[] TwoCharacterSymbols = ["<=", ">=", "!=", "!~"];
    private const string SingleCharacterSymbols = ".,()[]{}+-*/&|=~<>";

    public static List<FhirPathToken> Tokenize(string expression)
    {
        var tokens = new List<FhirPathToken>();
        var i = 0;
        while (true)
        {
            i = SkipWhitespaceAndComments(expression, i);
            if (i >= expression.Length)
            {
                tokens.Add(new FhirPathToken(TokenKind.End, string.Empty, i));
                return tokens;
            }

            var c = expression[i];
            var start = i;
            if (IsIdentifierStart(c))
            {
                i = ReadIdentifierTail(expression, i + 1);
                tokens.Add(new FhirPathToken(TokenKind.Identifier, expression[start..i], start));
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(expression, ref i));
            }
            else if (c == '\'')
            {
                tokens.Add(new FhirPathToken(TokenKind.String, ReadQuoted(expression, ref i, '\''), start));
            }
            else if (c == '`')
            {
                tokens.Add(new FhirPathToken(TokenKind.DelimitedIdentifier, ReadQuoted(expression, ref i, '`'), start));
            }
            else if (c == '@')
            {
                tokens.Add(ReadDateTime(expression, ref i));
            }
            else if (c == '%')
            {
                tokens.Add(ReadExternalConstant(expression, ref i));
            }
            else if (c == '$')
            {
                i = ReadIdentifierTail(expression, i + 1);
                var text = expression[start..i];
                if (text is not ("$this" or "$index" or "$total"))
                {
                    throw new FhirPathSyntaxException($"Unknown special variable '{text}' at position {start}.", start);
                }

                tokens.Add(new FhirPathToken(TokenKind.Special, text, start));
            }
            else if (i + 1 < expression.Length && Array.IndexOf(TwoCharacterSymbols, expression.Substring(i, 2)) >= 0)
            {
                tokens.Add(new FhirPathToken(TokenKind.Symbol, expression.Substring(i, 2), start));
                i += 2;
            }
            else if (SingleCharacterSymbols.Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new FhirPathToken(TokenKind.Symbol, c.ToString(), start));
                i++;
            }
            else
            {
                throw new FhirPathSyntaxException($"Unexpected character '{c}' at position {start}.", start);
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static int ReadIdentifierTail(string s, int i)
    {
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private static int SkipWhitespaceAndComments(string s, int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n')
                {
                    i++;
                }
            }
            else if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FhirPathSyntaxException($"Unterminated comment starting at position {i}.", i);
                }

                i = end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static FhirPathToken ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        // A '.' only continues the number when a digit follows; otherwise it is an invocation, as in 1.toString().
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            return new FhirPathToken(TokenKind.Decimal, s[start..i], start);
        }

        // The LONGNUMBER form (e.g. 5L) is read as an ordinary integer.
        var text = s[start..i];
        if (i < s.Length && s[i] == 'L')
        {
            i++;
        }

        return new FhirPathToken(TokenKind.Integer, text, start);
    }

    private static string ReadQuoted(string s, ref int i, char quote)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == quote)
            {
                i++;
                return builder.ToString();
            }

            if (c == '\\')
            {
                if (i + 1 >= s.Length)
                {
                    break;
                }

                var escaped = s[i + 1];
                i += 2;
                switch (escaped)
                {
                    case '\'': builder.Append('\''); break;
                    case '"': builder.Append('"'); break;
                    case '`': builder.Append('`'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u' when i + 4 <= s.Length
                        && int.TryParse(s.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default:
                        throw new FhirPathSyntaxException($"Invalid escape '\\{escaped}' at position {i - 2}.", i - 2);
                }

                continue;
            }

            builder.Append(c);
            i++;
        }

        throw new FhirPathSyntaxException($"Unterminated {(quote == '`' ? "delimited identifier" : "string")} starting at position {start}.", start);
    }

    private static FhirPathToken ReadDateTime(string s, ref int i)
    {
        var start = i;
        i++;
        // A '.' belongs to the literal only as the fraction of seconds; otherwise it starts an invocation (@2014.lowBoundary()).
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] is '-' or ':' or 'T' or '+' or 'Z'
            || (s[i] == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))))
        {
            i++;
        }

        var text = s[(start + 1)..i];
        if (text.Length == 0)
        {
            throw new FhirPathSyntaxException($"Expected a date, date/time or time after '@' at position {start}.", start);
        }

        return new FhirPathToken(TokenKind.DateTime, text, start);
    }

    private static FhirPathToken ReadExternalConstant(string s, ref int i)
    {
        var start = i;
        i++;
        if (i < s.Length && s[i] is '\'' or '`')
        {
            var name = ReadQuoted(s, ref i, s[i]);
            return new FhirPathToken(TokenKind.ExternalConstant, name, start);
        }

        if (i >= s.Length || !IsIdentifierStart(s[i]))
        {
            throw new FhirPathSyntaxException($"Expected a constant name after '%' at position {start}.", start);
        }

        var end = ReadIdentifierTail(s, i + 1);
        var identifier = s[i..end];
        i = end;
        return new FhirPathToken(TokenKind.ExternalConstant, identifier, start);
    }
}
