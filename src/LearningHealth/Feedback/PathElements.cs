namespace LearningHealth.Feedback;

/// <summary>
/// The data elements a FHIRPath expression reads from its resource: the member names navigated from the resource
/// itself, as <c>Resource.element</c>.
/// </summary>
/// <remarks>
/// Rules (docs/data-use.md, "Lineage rules"):
/// <list type="number">
/// <item>A path starts wherever an identifier is not preceded by <c>.</c> and is not a function name, an operator
/// word (<c>and</c>, <c>or</c>, <c>is</c>, …) or a type name after <c>is</c>/<c>as</c>: <c>subject.getReferenceKey(Patient)</c> reads <c>subject</c>.</item>
/// <item>A leading resource type name, <c>%resource</c>, <c>%rootResource</c> or <c>$this</c> is the resource itself:
/// the member after it starts the path.</item>
/// <item>A choice element typed with <c>ofType(T)</c> is named with its type, as in the FHIR JSON:
/// <c>medication.ofType(CodeableConcept)</c> → <c>medicationCodeableConcept</c>, <c>effective.ofType(dateTime)</c> →
/// <c>effectiveDateTime</c>. An untyped choice (<c>value</c>) keeps its bare name.</item>
/// <item>Arguments of a function called on the resource (<c>iif(participant.where(…), …)</c>) are read from the
/// resource too, so their paths count; arguments of a function called on an element (<c>where(system = …)</c>)
/// are relative to that element and add nothing new.</item>
/// <item><c>getResourceKey()</c> called on the resource reads the resource's <c>id</c>.</item>
/// </list>
/// </remarks>
public static class PathElements
{
    private static readonly HashSet<string> OperatorWords = new(["and", "or", "xor", "implies", "in", "contains", "div", "mod", "true", "false"], StringComparer.Ordinal);
    private static readonly HashSet<string> TypeArgumentFunctions = new(["ofType", "is", "as", "getReferenceKey", "type"], StringComparer.Ordinal);

    /// <summary>The elements <paramref name="path"/> reads from a <paramref name="resource"/>, sorted, e.g. <c>Encounter.reasonCode</c>.</summary>
    public static IReadOnlyList<string> FromResource(string resource, string path)
    {
        var tokens = Tokenize(path);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Roots(resource, tokens, 0, tokens.Count, names);
        return [.. names.Select(n => $"{resource}.{n}")];
    }

    private enum Kind
    {
        Identifier,
        Text,
        Symbol,
    }

    private readonly record struct Token(Kind Kind, string Value);

    private static void Roots(string resource, List<Token> tokens, int from, int to, SortedSet<string> names)
    {
        for (var i = from; i < to; i++)
        {
            var token = tokens[i];
            var afterDot = i > from && tokens[i - 1] is { Kind: Kind.Symbol, Value: "." };
            if (token.Kind == Kind.Symbol)
            {
                if (token.Value is "(" or "[" or "{")
                {
                    // A bracketed sub-expression is evaluated against the same focus as the text around it.
                    var close = Matching(tokens, i, to);
                    if (!afterDot && (i == from || tokens[i - 1].Kind != Kind.Identifier))
                    {
                        Roots(resource, tokens, i + 1, close, names);
                    }

                    i = close;
                }

                continue;
            }

            if (token.Kind != Kind.Identifier)
            {
                continue;
            }

            var isCall = i + 1 < to && tokens[i + 1] is { Kind: Kind.Symbol, Value: "(" };
            if (isCall)
            {
                var close = Matching(tokens, i + 1, to);
                if (!afterDot || atResourceBefore(tokens, i, from))
                {
                    if (token.Value == "getResourceKey")
                    {
                        names.Add("id");
                    }
                    else if (!TypeArgumentFunctions.Contains(token.Value))
                    {
                        Roots(resource, tokens, i + 2, close, names);
                    }
                }

                i = close;
                continue;
            }

            if (afterDot && !atResourceBefore(tokens, i, from))
            {
                continue;
            }

            if (OperatorWords.Contains(token.Value))
            {
                continue;
            }

            if (token.Value is "is" or "as")
            {
                i = SkipTypeName(tokens, i + 1, to);
                continue;
            }

            if (token.Value == resource || token.Value is "%resource" or "%rootResource" or "$this")
            {
                continue; // the member after it starts the path (atResourceBefore sees this token)
            }

            if (token.Value.StartsWith('%') || token.Value.StartsWith('$'))
            {
                continue;
            }

            names.Add(ChoiceName(tokens, i, to) ?? token.Value);
        }

        // The member after "Resource." or "%resource." is read from the resource.
        bool atResourceBefore(List<Token> all, int index, int start) =>
            index - 2 >= start && all[index - 1] is { Kind: Kind.Symbol, Value: "." }
            && all[index - 2] is { Kind: Kind.Identifier } previous
            && (previous.Value == resource || previous.Value is "%resource" or "%rootResource" or "$this")
            && (index - 3 < start || all[index - 3] is not { Kind: Kind.Symbol, Value: "." });
    }

    /// <summary><c>value.ofType(Quantity)</c> → <c>valueQuantity</c>; null when the element is not typed right after.</summary>
    private static string? ChoiceName(List<Token> tokens, int i, int to)
    {
        if (i + 4 < to && tokens[i + 1] is { Kind: Kind.Symbol, Value: "." } && tokens[i + 2] is { Kind: Kind.Identifier, Value: "ofType" }
            && tokens[i + 3] is { Kind: Kind.Symbol, Value: "(" } && tokens[i + 4].Kind == Kind.Identifier)
        {
            var type = tokens[i + 4].Value;
            var dot = type.LastIndexOf('.');
            type = dot >= 0 ? type[(dot + 1)..] : type;
            return tokens[i].Value + char.ToUpperInvariant(type[0]) + type[1..];
        }

        return null;
    }

    private static int SkipTypeName(List<Token> tokens, int i, int to)
    {
        // A type name may be qualified (FHIR.Quantity): identifier (. identifier)*
        var last = i;
        while (last + 2 < to && tokens[last + 1] is { Kind: Kind.Symbol, Value: "." } && tokens[last + 2].Kind == Kind.Identifier)
        {
            last += 2;
        }

        return last;
    }

    private static int Matching(List<Token> tokens, int open, int to)
    {
        var depth = 0;
        for (var i = open; i < to; i++)
        {
            if (tokens[i].Kind != Kind.Symbol)
            {
                continue;
            }

            if (tokens[i].Value is "(" or "[" or "{")
            {
                depth++;
            }
            else if (tokens[i].Value is ")" or "]" or "}" && --depth == 0)
            {
                return i;
            }
        }

        return to - 1; // unbalanced: the view parser rejects such a path before it reaches lineage
    }

    private static List<Token> Tokenize(string path)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '`')
            {
                // Strings hold no paths; a backtick-quoted name is an identifier.
                var end = i + 1;
                while (end < path.Length && path[end] != c)
                {
                    end += path[end] == '\\' ? 2 : 1;
                }

                var text = path[(i + 1)..Math.Min(end, path.Length)];
                tokens.Add(new Token(c == '`' ? Kind.Identifier : Kind.Text, text));
                i = end + 1;
            }
            else if (char.IsLetter(c) || c is '_' or '%' or '$')
            {
                var end = i + 1;
                while (end < path.Length && (char.IsLetterOrDigit(path[end]) || path[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new Token(Kind.Identifier, path[i..end]));
                i = end;
            }
            else if (char.IsDigit(c))
            {
                var end = i + 1;
                while (end < path.Length && (char.IsDigit(path[end]) || path[end] == '.' && end + 1 < path.Length && char.IsDigit(path[end + 1])))
                {
                    end++;
                }

                tokens.Add(new Token(Kind.Text, path[i..end]));
                i = end;
            }
            else if (c == '@')
            {
                // A date/time literal: @2020-01-01T10:00
                var end = i + 1;
                while (end < path.Length && (char.IsLetterOrDigit(path[end]) || path[end] is '-' or ':' or '.' or '+'))
                {
                    end++;
                }

                tokens.Add(new Token(Kind.Text, path[i..end]));
                i = end;
            }
            else
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString()));
                i++;
            }
        }

        return tokens;
    }
}
