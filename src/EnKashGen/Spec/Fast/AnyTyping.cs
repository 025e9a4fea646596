using System;
using System.Globalization;
using System.Text;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;

namespace EnKashGen.Spec.Fast
{
    /// <summary>
    /// How the 1.6.11 reader types an untyped value (examples, defaults, enums, extensions): explicit strings stay strings
    /// unless the schema says byte, binary, date, date-time or password (or there is no schema and they read as a
    /// date-time); plain scalars become null, booleans, numbers or date-times, by the schema's type and format when it has
    /// a type, by what they parse as otherwise. Objects and arrays are typed member by member with the property, additional
    /// properties or items schema.
    /// </summary>
    internal static class AnyTyping
    {
        public static IOpenApiAny? Specific(IOpenApiAny? value, OpenApiSchema? schema)
        {
            if (value is OpenApiArray array)
            {
                var result = new OpenApiArray();
                foreach (var item in array)
                {
                    result.Add(Specific(item, schema?.Items));
                }
                return result;
            }
            if (value is OpenApiObject obj)
            {
                var result = new OpenApiObject();
                foreach (var pair in obj)
                {
                    if (schema?.Properties is not null && schema.Properties.TryGetValue(pair.Key, out var property))
                    {
                        result[pair.Key] = Specific(pair.Value, property);
                    }
                    else
                    {
                        result[pair.Key] = Specific(pair.Value, schema?.AdditionalProperties);
                    }
                }
                return result;
            }
            if (value is not OpenApiString text)
            {
                return value;
            }

            var s = text.Value;
            var type = schema?.Type;
            var format = schema?.Format;
            if (text.IsExplicit())
            {
                if (schema is null)
                {
                    if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
                    {
                        return new OpenApiDateTime(dateTime);
                    }
                }
                else if (type == "string")
                {
                    if (format == "byte" && TryBase64(s) is { } bytes)
                    {
                        return new OpenApiByte(bytes);
                    }
                    if (format == "binary" && TryUtf8(s) is { } binary)
                    {
                        return new OpenApiBinary(binary);
                    }
                    if (format == "date" && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        return new OpenApiDate(date.Date);
                    }
                    if (format == "date-time" && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
                    {
                        return new OpenApiDateTime(dateTime);
                    }
                    if (format == "password")
                    {
                        return new OpenApiPassword(s);
                    }
                }
                return text;
            }

            if (s is null || s == "null")
            {
                return new OpenApiNull();
            }
            if (schema?.Type is null)
            {
                if (s == "true")
                {
                    return new OpenApiBoolean(true);
                }
                if (s == "false")
                {
                    return new OpenApiBoolean(false);
                }
                if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                {
                    return new OpenApiInteger(i);
                }
                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                {
                    return new OpenApiLong(l);
                }
                if (double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d))
                {
                    return new OpenApiDouble(d);
                }
                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
                {
                    return new OpenApiDateTime(dateTime);
                }
                return text;
            }

            if (type == "integer" && format == "int32" && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i32))
            {
                return new OpenApiInteger(i32);
            }
            if (type == "integer" && format == "int64" && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i64))
            {
                return new OpenApiLong(i64);
            }
            if (type == "integer" && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
            {
                return new OpenApiInteger(integer);
            }
            if (type == "number" && format == "float" && float.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var f))
            {
                return new OpenApiFloat(f);
            }
            if (type == "number" && format == "double" && double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var dbl))
            {
                return new OpenApiDouble(dbl);
            }
            if (type == "number" && double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number))
            {
                return new OpenApiDouble(number);
            }
            if (type == "string" && format == "byte" && TryBase64(s) is { } b)
            {
                return new OpenApiByte(b);
            }
            if (type == "string" && format == "binary" && TryUtf8(s) is { } bin)
            {
                return new OpenApiBinary(bin);
            }
            if (type == "string" && format == "date" && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plainDate))
            {
                return new OpenApiDate(plainDate.Date);
            }
            if (type == "string" && format == "date-time" && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plainDateTime))
            {
                return new OpenApiDateTime(plainDateTime);
            }
            if (type == "string" && format == "password")
            {
                return new OpenApiPassword(s);
            }
            if (type == "string")
            {
                return text;
            }
            if (type == "boolean" && bool.TryParse(s, out var boolean))
            {
                return new OpenApiBoolean(boolean);
            }
            return text;
        }

        private static byte[]? TryBase64(string s)
        {
            try
            {
                return Convert.FromBase64String(s);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static byte[]? TryUtf8(string s)
        {
            try
            {
                return Encoding.UTF8.GetBytes(s);
            }
            catch (EncoderFallbackException)
            {
                return null;
            }
        }
    }
}
