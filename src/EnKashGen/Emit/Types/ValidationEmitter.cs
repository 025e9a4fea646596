using System.Collections.Generic;
using System.Globalization;
using EnKashGen.Model;

namespace EnKashGen.Emit
{
    /// <summary>
    /// The checks of request values: one statement per constrained member (or parameter), and the rule objects they use
    /// (lengths, patterns, bounds), declared once beside them. The runtime's validator runs them and words the messages.
    /// </summary>
    internal static class ValidationEmitter
    {
        private const string Rt = EmitPlan.Runtime;

        /// <summary>The checks of member <paramref name="index"/> of a request model.</summary>
        public static void Member(EmitPlan plan, PropertyModel p, int index, List<string> checks, List<string> rules)
        {
            var n = index.ToString(CultureInfo.InvariantCulture);
            var value = "value." + p.Name;
            if (p.Required && !p.Type.Nullable && !plan.Types.IsValueType(p.Type))
            {
                checks.Add("validator.Required(" + n + ", " + value + ");");
            }
            Value(plan, p.Type, p.Name, value, "validator", n, checks, rules);
        }

        /// <summary>The checks of an operation's parameter, against the request validator <paramref name="validator"/>.</summary>
        public static void Parameter(EmitPlan plan, ParameterModel p, string prefix, string validator, List<string> checks, List<string> rules)
        {
            var path = Literals.String(p.WireName);
            if (p.Required && !p.Type.Nullable && !plan.Types.IsValueType(p.Type))
            {
                checks.Add(validator + ".Required(" + path + ", " + p.Name + ");");
            }
            var name = p.Name.TrimStart('@');
            Value(plan, p.Type, prefix + char.ToUpperInvariant(name[0]) + name.Substring(1), p.Name, validator, path, checks, rules);
        }

        private static void Value(EmitPlan plan, TypeRef type, string ruleName, string value, string validator, string where, List<string> checks, List<string> rules)
        {
            var c = type.Constraints;
            switch (type.Kind)
            {
                case TypeKind.String when c is not null && (c.Pattern is not null || c.MinLength is not null || c.MaxLength is not null):
                    rules.Add(TextRule(ruleName + "Rule", c));
                    checks.Add(validator + ".Text(" + where + ", " + value + ", " + ruleName + "Rule);");
                    break;
                case TypeKind.Int32:
                case TypeKind.Int64:
                case TypeKind.Single:
                case TypeKind.Double:
                case TypeKind.Decimal:
                    if (c is not null && (c.Minimum is not null || c.Maximum is not null))
                    {
                        rules.Add(NumberRule(ruleName + "Rule", c));
                        checks.Add(validator + ".Number(" + where + ", (double?)" + value + ", " + ruleName + "Rule);");
                    }
                    break;
                case TypeKind.Enum when IsClosed(plan, type):
                    checks.Add(validator + ".Known(" + where + ", " + value + ");");
                    break;
                case TypeKind.Object when plan.IsValidated(type):
                    checks.Add(validator + ".Object(" + where + ", " + value + ", " + plan.CodecOf(type.WithNullable(false)) + ");");
                    break;
                case TypeKind.Array:
                    if (c is not null && (c.MinItems is not null || c.MaxItems is not null))
                    {
                        checks.Add(validator + ".Count(" + where + ", " + value + "?.Count, " + Number(c.MinItems) + ", " + Number(c.MaxItems) + ");");
                    }
                    Items(plan, type.Element!, ruleName, value, validator, where, checks, rules);
                    break;
                case TypeKind.Map when plan.IsValidated(type.Element!):
                    checks.Add(validator + ".EachObject(" + where + ", " + value + "?.Values, " + plan.CodecOf(type.Element!.WithNullable(false)) + ");");
                    break;
            }
        }

        private static void Items(EmitPlan plan, TypeRef element, string ruleName, string value, string validator, string where, List<string> checks, List<string> rules)
        {
            var c = element.Constraints;
            if (!element.Nullable && !plan.Types.IsValueType(element))
            {
                checks.Add(validator + ".EachRequired(" + where + ", " + value + ");");
            }
            if (element.Kind == TypeKind.Object && plan.IsValidated(element))
            {
                checks.Add(validator + ".EachObject(" + where + ", " + value + ", " + plan.CodecOf(element.WithNullable(false)) + ");");
            }
            else if (element.Kind == TypeKind.String && c is not null && (c.Pattern is not null || c.MinLength is not null || c.MaxLength is not null))
            {
                rules.Add(TextRule(ruleName + "ItemRule", c));
                checks.Add(validator + ".EachText(" + where + ", " + value + ", " + ruleName + "ItemRule);");
            }
            else if (element.Kind == TypeKind.Enum && IsClosed(plan, element) && !element.Nullable)
            {
                checks.Add(validator + ".EachKnown(" + where + ", " + value + ");");
            }
        }

        private static bool IsClosed(EmitPlan plan, TypeRef type) => plan.Enums.TryGetValue(type.Name!, out var e) && !e.Extensible && e.Members.Count > 0;

        private static string TextRule(string name, Constraints c)
        {
            var args = new List<string>();
            if (c.MinLength is int min)
            {
                args.Add("minLength: " + min.ToString(CultureInfo.InvariantCulture));
            }
            if (c.MaxLength is int max)
            {
                args.Add("maxLength: " + max.ToString(CultureInfo.InvariantCulture));
            }
            if (c.Pattern is not null)
            {
                args.Add("pattern: " + Literals.String(c.Pattern));
            }
            return "private static readonly " + Rt + ".TextRule " + name + " = new(" + string.Join(", ", args) + ");";
        }

        private static string NumberRule(string name, Constraints c)
        {
            var args = new List<string>();
            if (c.Minimum is not null && double.TryParse(c.Minimum, NumberStyles.Float, CultureInfo.InvariantCulture, out var min))
            {
                args.Add("minimum: " + min.ToString("R", CultureInfo.InvariantCulture) + "d");
                if (c.ExclusiveMinimum)
                {
                    args.Add("exclusiveMinimum: true");
                }
            }
            if (c.Maximum is not null && double.TryParse(c.Maximum, NumberStyles.Float, CultureInfo.InvariantCulture, out var max))
            {
                args.Add("maximum: " + max.ToString("R", CultureInfo.InvariantCulture) + "d");
                if (c.ExclusiveMaximum)
                {
                    args.Add("exclusiveMaximum: true");
                }
            }
            return "private static readonly " + Rt + ".NumberRule " + name + " = new(" + string.Join(", ", args) + ");";
        }

        private static string Number(int? value) => value is int v ? v.ToString(CultureInfo.InvariantCulture) : "null";
    }
}
