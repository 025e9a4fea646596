using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EnKashGen.Diagnostics;
using EnKashGen.Model;
using Microsoft.OpenApi;

namespace EnKashGen.Mapping
{
    /// <summary>
    /// Replay safety: which operations may be sent twice (<c>x-enkash-replay</c>), which body member identifies a call
    /// that may not (<c>x-enkash-reference</c>), and how such a call's outcome is looked up (<c>x-enkash-reconcile</c>).
    /// Read after every operation and model is known, because a lookup names another operation and its types.
    /// </summary>
    internal sealed partial class ModelBuilder
    {
        private const string ReplayExtension = "x-enkash-replay";
        private const string ReferenceExtension = "x-enkash-reference";
        private const string ReconcileExtension = "x-enkash-reconcile";

        /// <summary>Longest generated reference: 32 hexadecimal digits, 128 random bits.</summary>
        private const int MaxGeneratedReference = 32;

        /// <summary>Shorter generated references (fewer than 64 random bits) are too likely to repeat.</summary>
        private const int MinGeneratedReference = 16;

        /// <summary>The replay extensions of each operation, in the order of the operations list, with its pointer.</summary>
        private readonly List<(IDictionary<string, IOpenApiExtension>? Extensions, string Pointer, string? ReconcileMethod)> _replayInputs = new List<(IDictionary<string, IOpenApiExtension>?, string, string?)>();

        private static bool IsIdempotentMethod(string method) => method.ToUpperInvariant() is "GET" or "HEAD" or "OPTIONS" or "PUT" or "DELETE" or "TRACE";

        private List<OperationModel> ReadReplay(List<OperationModel> operations)
        {
            var result = new List<OperationModel>(operations.Count);
            for (var i = 0; i < operations.Count; i++)
            {
                result.Add(operations[i] with { ReplaySafe = ReplaySafe(operations[i], _replayInputs[i].Extensions, _replayInputs[i].Pointer) });
            }
            for (var i = 0; i < result.Count; i++)
            {
                var (extensions, pointer, reconcileMethod) = _replayInputs[i];
                var op = result[i];
                var reference = ReadReference(op, extensions, pointer);
                var reconcile = reference is null ? null : ReadReconcile(op, reference, result, extensions, pointer, reconcileMethod);
                if (reference is null && VendorExtensions.Has(extensions, ReconcileExtension))
                {
                    Report(DiagnosticCatalogue.ReconcileWithoutReference, pointer + "/" + ReconcileExtension, ReconcileExtension, op.OperationId, ReferenceExtension);
                }
                result[i] = op with { Reference = reference, Reconcile = reconcile };
            }
            return result;
        }

        private bool ReplaySafe(OperationModel op, IDictionary<string, IOpenApiExtension>? extensions, string pointer)
        {
            var byMethod = IsIdempotentMethod(op.HttpMethod);
            if (!VendorExtensions.Has(extensions, ReplayExtension))
            {
                return byMethod;
            }
            switch (VendorExtensions.AsString(VendorExtensions.Get(extensions, ReplayExtension)))
            {
                case "safe":
                    return true;
                case "unsafe":
                    return false;
                default:
                    Report(DiagnosticCatalogue.ReplayValueInvalid, pointer + "/" + ReplayExtension, ReplayExtension, op.OperationId, byMethod ? "safe" : "unsafe", op.HttpMethod.ToUpperInvariant());
                    return byMethod;
            }
        }

        private ReferenceModel? ReadReference(OperationModel op, IDictionary<string, IOpenApiExtension>? extensions, string pointer)
        {
            if (!VendorExtensions.Has(extensions, ReferenceExtension))
            {
                return null;
            }
            var at = pointer + "/" + ReferenceExtension;
            var name = VendorExtensions.IsString(VendorExtensions.Get(extensions, ReferenceExtension)) ? VendorExtensions.AsString(VendorExtensions.Get(extensions, ReferenceExtension)) : null;
            if (string.IsNullOrEmpty(name))
            {
                Report(DiagnosticCatalogue.ReferenceNotAMember, at, ReferenceExtension, op.OperationId);
                return null;
            }
            if (op.ReplaySafe)
            {
                Report(DiagnosticCatalogue.ReferenceOnSafeCall, at, op.OperationId, ReferenceExtension, name);
                return null;
            }
            var body = BodyModel(op);
            var property = body?.Properties.FirstOrDefault(p => p.JsonName == name);
            if (property is null || property.Type.Kind != TypeKind.String || property.ReadOnly)
            {
                Report(DiagnosticCatalogue.ReferenceNotText, at, ReferenceExtension, op.OperationId, name);
                return null;
            }
            return new ReferenceModel(property.Name, property.JsonName, GeneratedLength(op, property, at));
        }

        /// <summary>
        /// The length of a generated reference (upper-case hexadecimal digits) that the member's rules accept, or null
        /// (reported) when none is long enough to be unique or the pattern refuses such text.
        /// </summary>
        private int? GeneratedLength(OperationModel op, PropertyModel property, string at)
        {
            var rules = property.Type.Constraints;
            var length = Math.Min(rules?.MaxLength ?? MaxGeneratedReference, MaxGeneratedReference);
            if (rules?.MinLength is int min && min > length)
            {
                length = min;
            }
            if (length < MinGeneratedReference || (rules?.MaxLength is int max && length > max))
            {
                Report(DiagnosticCatalogue.ReferenceTooShort, at, property.JsonName, op.OperationId, rules?.MaxLength);
                return null;
            }
            if (rules?.Pattern is { } pattern)
            {
                bool accepted;
                try
                {
                    var regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
                    var digits = string.Concat(Enumerable.Repeat("0123456789ABCDEF", 4));
                    accepted = new[] { digits.Substring(0, length), new string('0', length), new string('F', length), digits.Substring(10, length) }.All(regex.IsMatch);
                }
                catch (ArgumentException)
                {
                    // An invalid pattern is reported where the schema is read; it is not checked, so it cannot refuse the value.
                    accepted = true;
                }
                catch (RegexMatchTimeoutException)
                {
                    accepted = false;
                }
                if (!accepted)
                {
                    Report(DiagnosticCatalogue.ReferencePatternRefuses, at, property.JsonName, op.OperationId, length);
                    return null;
                }
            }
            return length;
        }

        private ObjectType? BodyModel(OperationModel op)
            => op.Body is { Kind: BodyKind.Json or BodyKind.Form, Type: { Kind: TypeKind.Object } type } ? _models.FirstOrDefault(m => m.Name == type.Name) : null;

        private ObjectType? ModelOf(TypeRef? type) => type is { Kind: TypeKind.Object } ? _models.FirstOrDefault(m => m.Name == type.Name) : null;

        private ReconcileModel? ReadReconcile(OperationModel op, ReferenceModel reference, List<OperationModel> operations, IDictionary<string, IOpenApiExtension>? extensions, string pointer, string? methodName)
        {
            if (!VendorExtensions.Has(extensions, ReconcileExtension) || methodName is null)
            {
                return null;
            }
            var at = pointer + "/" + ReconcileExtension;
            string? problem = null;
            var node = VendorExtensions.Get(extensions, ReconcileExtension) as JsonObject;
            var lookupId = VendorExtensions.AsString(node?["operationId"]);
            var lookupReference = VendorExtensions.AsString(node?["reference"]);
            var match = VendorExtensions.AsString(node?["match"]);
            var filters = node?["filters"] is null ? new List<string>() : VendorExtensions.AsStringList(node["filters"]);
            var lookup = lookupId is null ? null : operations.FirstOrDefault(o => o.OperationId == lookupId);
            var lookupBody = lookup is null ? null : BodyModel(lookup);
            var lookupResult = lookup?.Response is { Kind: BodyKind.Json, Type: { } resultType } ? resultType : null;
            var returnsList = lookupResult is { Kind: TypeKind.Array };
            var item = ModelOf(returnsList ? lookupResult!.Element : lookupResult);
            var callBody = BodyModel(op)!;
            var callResult = op.Response is { Kind: BodyKind.Json } ? ModelOf(op.Response.Type) : null;
            var copies = new List<MemberCopy>();
            var built = new List<MemberCopy>();
            PropertyModel? lookupReferenceProperty = null;
            PropertyModel? matchProperty = null;

            if (node is null || lookupId is null || lookupReference is null || match is null || filters is null || (node["result"] is not null and not JsonObject))
            {
                problem = "it must be an object with 'operationId', 'reference', 'match', and optionally 'filters' (a list of member names) and 'result' (result member: item member)";
            }
            else if (lookup is null)
            {
                problem = $"the operation '{lookupId}' does not exist or is not generated";
            }
            else if (!lookup.ReplaySafe)
            {
                problem = $"the lookup '{lookupId}' is not replay-safe";
            }
            else if (lookup.Parameters.FirstOrDefault(p => p.Required) is { } parameter)
            {
                problem = $"the lookup '{lookupId}' has the required parameter '{parameter.WireName}', which the lookup cannot fill";
            }
            else if (lookupBody is null)
            {
                problem = $"the lookup '{lookupId}' has no object request body";
            }
            else if (item is null)
            {
                problem = $"the lookup '{lookupId}' returns neither an object nor a list of objects";
            }
            else if (callResult is null || op.Response.Type!.Nullable)
            {
                problem = $"'{op.OperationId}' does not return an object that could be built from the lookup's result";
            }
            else if ((lookupReferenceProperty = lookupBody.Properties.FirstOrDefault(p => p.JsonName == lookupReference)) is null || lookupReferenceProperty.Type.Kind != TypeKind.String)
            {
                problem = $"'{lookupReference}' is not a text member of the body of '{lookupId}'";
            }
            else if ((matchProperty = item.Properties.FirstOrDefault(p => p.JsonName == match)) is null || matchProperty.Type.Kind != TypeKind.String)
            {
                problem = $"'{match}' is not a text member of the items '{lookupId}' returns";
            }
            else
            {
                foreach (var filter in filters)
                {
                    problem ??= Copy(callBody, filter, lookupBody, filter, copies, "the body of '" + lookupId + "'");
                }
                if (problem is null && node["result"] is JsonObject map)
                {
                    foreach (var pair in map)
                    {
                        var source = VendorExtensions.AsString(pair.Value);
                        problem ??= source is null ? $"the result member '{pair.Key}' must name a member of the lookup's items" : Copy(item, source, callResult, pair.Key, built, "the result of '" + op.OperationId + "'");
                    }
                }
                if (problem is null && lookupBody.Properties.FirstOrDefault(p => p.Required && p != lookupReferenceProperty && !copies.Any(c => c.Target == p.Name)) is { } missing)
                {
                    problem = $"the lookup's required member '{missing.JsonName}' is neither the reference nor one of the filters";
                }
                if (problem is null && callResult.Properties.FirstOrDefault(p => p.Required && !p.ReadOnly && !built.Any(c => c.Target == p.Name)) is { } unbuilt)
                {
                    problem = $"the result's required member '{unbuilt.JsonName}' is not mapped from the lookup's items";
                }
            }
            if (problem is not null)
            {
                Report(DiagnosticCatalogue.ReconcileNotUsable, at, ReconcileExtension, op.OperationId, problem);
                return null;
            }
            return new ReconcileModel(
                methodName,
                lookup!.OperationId,
                lookup.Group,
                lookup.MethodName,
                lookupBody!.Name,
                lookupReferenceProperty!.Name,
                copies.ToEquatableArray(),
                returnsList,
                item!.Name,
                matchProperty!.Name,
                callResult!.Name,
                built.ToEquatableArray());
        }

        /// <summary>Adds the copy of <paramref name="source"/>'s member to <paramref name="target"/>'s member of the same meaning, or says why it cannot be made.</summary>
        private static string? Copy(ObjectType from, string sourceName, ObjectType to, string targetName, List<MemberCopy> copies, string where)
        {
            var source = from.Properties.FirstOrDefault(p => p.JsonName == sourceName);
            var target = to.Properties.FirstOrDefault(p => p.JsonName == targetName);
            if (source is null)
            {
                return $"'{sourceName}' is not a member of '{from.Name}'";
            }
            if (target is null || target.ReadOnly)
            {
                return $"'{targetName}' is not a writable member of {where}";
            }
            if (!SameType(source.Type, target.Type))
            {
                return $"'{sourceName}' of '{from.Name}' and '{targetName}' of {where} are of different types";
            }
            var sourceNullable = !source.Required || source.Type.Nullable;
            var targetNullable = !target.Required || target.Type.Nullable;
            if (sourceNullable && !targetNullable && source.Type.IsValueType)
            {
                return $"'{targetName}' of {where} may not be empty but '{sourceName}' of '{from.Name}' may";
            }
            copies.Add(new MemberCopy(target.Name, source.Name, sourceNullable && !targetNullable));
            return null;
        }

        private static bool SameType(TypeRef a, TypeRef b)
            => a.Kind == b.Kind && a.Name == b.Name && (a.Element is null ? b.Element is null : b.Element is not null && SameType(a.Element, b.Element));
    }
}
