using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// Emits the checks a request passes before it is sent: required members, string length and pattern, numeric
    /// range, array size and enum membership, collecting every violation with its JSON path.
    /// </summary>
    internal sealed class ValidatorEmitter
    {
        private const string Rules = "global::EnKashGen.Runtime.RequestRules";
        private const string ErrorList = "global::System.Collections.Generic.List<global::EnKashGen.Runtime.ValidationError>";

        private readonly ApiModel _api;
        private readonly TypeNames _types;
        private readonly Dictionary<string, EnumType> _enums;
        private readonly HashSet<string> _validated;
        private readonly List<string> _patterns = new List<string>();
        private int _counter;

        public ValidatorEmitter(ApiModel api, TypeNames types)
        {
            _api = api;
            _types = types;
            _enums = api.Enums.ToDictionary(e => e.Name);
            _validated = new HashSet<string>(api.Models.Where(m => m.Validated).Select(m => m.Name));
        }

        public string ClassName => _api.ClientName + "Validators";

        public bool Validates(TypeRef type) => type.Kind == TypeKind.Model && _validated.Contains(type.Name!);

        public string Emit()
        {
            var body = new SourceWriter();
            body.Indent();
            body.Indent();
            foreach (var model in _api.Models.Where(m => m.Validated))
            {
                EmitModel(body, model);
                body.Line();
            }

            var w = Header.Start(_api);
            w.Doc("Checks requests against the rules of " + _api.SpecFileName + " before they are sent.");
            w.Line(Header.GeneratedCode);
            using (w.Block("internal static partial class " + ClassName))
            {
                for (var i = 0; i < _patterns.Count; i++)
                {
                    w.Line("internal static readonly global::System.Text.RegularExpressions.Regex s_pattern" + i.ToString(CultureInfo.InvariantCulture) + " = new global::System.Text.RegularExpressions.Regex(" + Literals.String(_patterns[i]) + ", global::System.Text.RegularExpressions.RegexOptions.CultureInvariant, global::System.TimeSpan.FromSeconds(1));");
                }
                if (_patterns.Count > 0)
                {
                    w.Line();
                }
                w.Line(body.ToString().TrimEnd('\n'));
            }
            return Header.End(w);
        }

        private void EmitModel(SourceWriter w, ModelType model)
        {
            using (w.Block("public static void Validate(" + _types.Declared(model.Name) + "? value, string path, " + ErrorList + " errors)"))
            {
                using (w.Block("if (value is null)"))
                {
                    w.Line("return;");
                }
                foreach (var p in model.Properties.Where(p => !p.ReadOnly))
                {
                    var nullable = !p.Required || p.Type.Nullable;
                    Check(w, p.Type, "value." + p.Name, "path", Literals.String(p.JsonName), p.Required && !p.Type.Nullable, nullable);
                }
            }
        }

        /// <summary>Emits the checks of one value. <paramref name="member"/> is a C# expression for the member name, or "null".</summary>
        public void Check(SourceWriter w, TypeRef type, string expr, string path, string member, bool required, bool nullable)
        {
            var valueType = _types.IsValueType(type);
            var inner = new SourceWriter();
            var v = "v" + Next();
            CheckValue(inner, type, v, path, member, required);
            var innerText = inner.ToString();
            var needsNullCheck = nullable || !valueType;
            if (!needsNullCheck)
            {
                if (innerText.Length == 0)
                {
                    return;
                }
                using (w.Block())
                {
                    w.Line("var " + v + " = " + expr + ";");
                    Append(w, innerText);
                }
                return;
            }
            if (innerText.Length == 0 && !required)
            {
                return;
            }
            using (w.Block("if (" + expr + " is { } " + v + ")"))
            {
                if (innerText.Length > 0)
                {
                    Append(w, innerText);
                }
            }
            if (required)
            {
                using (w.Block("else"))
                {
                    w.Line(Rules + ".Required(errors, " + path + ", " + member + ");");
                }
            }
        }

        private static void Append(SourceWriter w, string text)
        {
            foreach (var line in text.Split('\n'))
            {
                if (line.Length > 0)
                {
                    w.Line(line);
                }
            }
        }

        private void CheckValue(SourceWriter w, TypeRef type, string v, string path, string member, bool required)
        {
            var c = type.Constraints;
            switch (type.Kind)
            {
                case TypeKind.String:
                    if (c is not null && (c.MinLength is not null || c.MaxLength is not null || c.Pattern is not null))
                    {
                        // Qualified: the client's parameter checks use the same patterns from outside this class.
                        var pattern = c.Pattern is null ? "null" : "global::" + _api.Namespace + "." + ClassName + ".s_pattern" + Pattern(c.Pattern);
                        w.Line(Rules + ".String(errors, " + path + ", " + member + ", " + v + ", " + Int(c.MinLength) + ", " + Int(c.MaxLength) + ", " + pattern + ", " + Literals.String(c.Pattern) + ");");
                    }
                    break;
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                    if (c is not null && (c.Minimum is not null || c.Maximum is not null))
                    {
                        w.Line(Rules + ".Number(errors, " + path + ", " + member + ", (double)" + v + ", " + Double(c.Minimum) + ", " + (c.ExclusiveMinimum ? "true" : "false") + ", " + Double(c.Maximum) + ", " + (c.ExclusiveMaximum ? "true" : "false") + ");");
                    }
                    break;
                case TypeKind.Enum:
                    if (_enums.TryGetValue(type.Name!, out var e))
                    {
                        if (!e.Extensible && e.Members.Count > 0)
                        {
                            using (w.Block("if (!" + v + ".IsKnown)"))
                            {
                                w.Line(Rules + ".Enum(errors, " + path + ", " + member + ", " + _types.Declared(e.Name) + ".AllowedText);");
                            }
                        }
                        else if (required && !e.IsInteger)
                        {
                            using (w.Block("if (" + v + ".Value.Length == 0)"))
                            {
                                w.Line(Rules + ".Required(errors, " + path + ", " + member + ");");
                            }
                        }
                    }
                    break;
                case TypeKind.Model:
                    if (Validates(type))
                    {
                        w.Line("global::" + _api.Namespace + "." + ClassName + ".Validate(" + v + ", " + Rules + ".Member(" + path + ", " + member + "), errors);");
                    }
                    break;
                case TypeKind.Array:
                {
                    if (c is not null && (c.MinItems is not null || c.MaxItems is not null))
                    {
                        w.Line(Rules + ".Items(errors, " + path + ", " + member + ", " + v + ".Count, " + Int(c.MinItems) + ", " + Int(c.MaxItems) + ");");
                    }
                    var itemChecks = new SourceWriter();
                    var i = "i" + Next();
                    var itemPath = Rules + ".Index(" + Rules + ".Member(" + path + ", " + member + "), " + i + ")";
                    Check(itemChecks, type.Element!, v + "[" + i + "]", itemPath, "null", !type.Element!.Nullable, type.Element!.Nullable);
                    var text = itemChecks.ToString();
                    if (text.Length > 0)
                    {
                        using (w.Block("for (var " + i + " = 0; " + i + " < " + v + ".Count; " + i + "++)"))
                        {
                            Append(w, text);
                        }
                    }
                    break;
                }
                case TypeKind.Map:
                {
                    var itemChecks = new SourceWriter();
                    var pair = "pair" + Next();
                    Check(itemChecks, type.Element!, pair + ".Value", Rules + ".Member(" + path + ", " + member + ")", pair + ".Key", false, true);
                    var text = itemChecks.ToString();
                    if (text.Length > 0)
                    {
                        using (w.Block("foreach (var " + pair + " in " + v + ")"))
                        {
                            Append(w, text);
                        }
                    }
                    break;
                }
            }
        }

        private string Pattern(string pattern)
        {
            var index = _patterns.IndexOf(pattern);
            if (index < 0)
            {
                index = _patterns.Count;
                _patterns.Add(pattern);
            }
            return index.ToString(CultureInfo.InvariantCulture);
        }

        private static string Int(int? value) => value is int i ? i.ToString(CultureInfo.InvariantCulture) : "null";

        private static string Double(string? value)
        {
            if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsInfinity(d) || double.IsNaN(d))
            {
                return "null";
            }
            return d.ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        private string Next()
        {
            _counter++;
            return _counter.ToString(CultureInfo.InvariantCulture);
        }
    }
}
