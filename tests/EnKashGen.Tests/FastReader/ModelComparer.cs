using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.OpenApi.Any;

namespace EnKashGen.Tests.FastReader;

/// <summary>
/// Compares two Microsoft.OpenApi object graphs property by property: values, concrete types (OpenApiInteger vs
/// OpenApiLong, explicit vs plain strings), reference fields, and sharing (an object that is shared in one graph must be
/// shared the same way in the other).
/// </summary>
public static class ModelComparer
{
    public static string? FirstDifference(object? expected, object? actual)
    {
        var state = new State();
        return Compare(expected, actual, "#", state, 0);
    }

    private sealed class State
    {
        public readonly Dictionary<object, object> Pairs = new(ReferenceEqualityComparer.Instance);
    }

    private static readonly Dictionary<Type, PropertyInfo[]> PropertyCache = new();

    private static PropertyInfo[] Properties(Type type)
    {
        lock (PropertyCache)
        {
            if (!PropertyCache.TryGetValue(type, out var properties))
            {
                properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .ToArray();
                PropertyCache[type] = properties;
            }
            return properties;
        }
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(TimeSpan) || type == typeof(Guid);

    private static string? Compare(object? a, object? b, string path, State state, int depth)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? null : $"{path}: {Show(a)} vs {Show(b)}";
        }
        var type = a.GetType();
        if (type != b.GetType())
        {
            return $"{path}: type {type.Name} vs {b.GetType().Name}";
        }
        if (IsValue(type))
        {
            if (a is Uri ua)
            {
                return ua.OriginalString == ((Uri)b).OriginalString && ua.IsAbsoluteUri == ((Uri)b).IsAbsoluteUri ? null : $"{path}: {ua} vs {b}";
            }
            if (a is DateTimeOffset da)
            {
                var db = (DateTimeOffset)b;
                return da == db && da.Offset == db.Offset ? null : $"{path}: {da:o} vs {db:o}";
            }
            return Equals(a, b) ? null : $"{path}: {Show(a)} vs {Show(b)}";
        }
        if (type.IsValueType && !type.IsGenericType)
        {
            return Equals(a, b) ? null : $"{path}: {a} vs {b}";
        }
        if (state.Pairs.TryGetValue(a, out var paired))
        {
            return ReferenceEquals(paired, b) ? null : $"{path}: shared differently";
        }
        state.Pairs[a] = b;
        if (depth > 50000)
        {
            return $"{path}: too deep";
        }

        if (a is OpenApiString sa)
        {
            var sb = (OpenApiString)b;
            if (sa.IsExplicit() != sb.IsExplicit() || sa.IsRawString() != sb.IsRawString())
            {
                return $"{path}: string explicitness differs ('{sa.Value}')";
            }
        }
        if (a is IDictionary da2)
        {
            var db2 = (IDictionary)b;
            if (da2.Count != db2.Count)
            {
                return $"{path}: {da2.Count} entries vs {db2.Count}";
            }
            var ea = da2.GetEnumerator();
            var eb = db2.GetEnumerator();
            var i = 0;
            while (ea.MoveNext() && eb.MoveNext())
            {
                var key = ea.Key is string s ? s : i.ToString();
                if (Compare(ea.Key, eb.Key, path + "/{key " + key + "}", state, depth + 1) is { } keyDiff)
                {
                    return keyDiff;
                }
                if (Compare(ea.Value, eb.Value, path + "/" + key, state, depth + 1) is { } valueDiff)
                {
                    return valueDiff;
                }
                i++;
            }
            return null;
        }
        if (a is IEnumerable ia && a is not string)
        {
            var la = ia.Cast<object?>().ToList();
            var lb = ((IEnumerable)b).Cast<object?>().ToList();
            if (la.Count != lb.Count)
            {
                return $"{path}: {la.Count} items vs {lb.Count}";
            }
            for (var i = 0; i < la.Count; i++)
            {
                if (Compare(la[i], lb[i], path + "/" + i, state, depth + 1) is { } diff)
                {
                    return diff;
                }
            }
            // Collections of OpenAPI objects may also carry properties (OpenApiPaths has Extensions).
        }
        foreach (var property in Properties(type))
        {
            if (property.DeclaringType is { } declaring && (declaring.Namespace?.StartsWith("System", StringComparison.Ordinal) ?? false))
            {
                continue;
            }
            object? va, vb;
            try
            {
                va = property.GetValue(a);
                vb = property.GetValue(b);
            }
            catch (TargetInvocationException)
            {
                continue;
            }
            if (Compare(va, vb, path + "." + property.Name, state, depth + 1) is { } diff)
            {
                return diff;
            }
        }
        return null;
    }

    private static string Show(object? value) => value is null ? "null" : value is string s ? "'" + s + "'" : value.ToString() ?? "?";
}
