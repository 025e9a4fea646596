using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using EnKashGen.Diagnostics;
using EnKashGen.Model;

namespace EnKashGen.Reading
{
    /// <summary>
    /// Makes one document of a multi-file spec: every <c>$ref</c> to a declared spec part (<c>./schemas/pet.yaml#/Pet</c>)
    /// is replaced by a reference to a copy of its target in the root's components (or, for path items before OpenAPI
    /// 3.1, by the path item itself), so the OpenAPI reader sees one self-contained document. Microsoft.OpenApi can load
    /// other files only as whole OpenAPI documents, asynchronously and from disk or network; parts are fragments, and a
    /// spec must never make the build read anything but its declared AdditionalFiles.
    /// A <c>$ref</c> to anything else (a URL, an absolute path, a file not declared as a part) is not read: it gets a
    /// warning at its line and stays a reference the reader cannot resolve, so the value is generated as untyped JSON.
    /// </summary>
    internal sealed class SpecBundler
    {
        private readonly JsonObject _root;
        private readonly string _rootPath;
        private readonly bool _swagger2;
        private readonly bool _pathItemComponents;
        private readonly bool _mediaTypeComponents;
        private readonly Dictionary<string, SpecFileText> _parts;
        private readonly Dictionary<string, JsonNode?> _parsedParts = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _hoisted = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly InputLimits _limits;
        private readonly DiagnosticBag _diagnostics;
        private readonly List<Origin> _origins = new List<Origin>();
        private readonly Stack<Work> _work = new Stack<Work>();

        /// <summary>The size of each object copied in place so far (parts are never changed, so a size holds).</summary>
        private readonly Dictionary<JsonNode, long> _sizes = new Dictionary<JsonNode, long>(NodeIdentity.Instance);

        /// <summary>
        /// Nodes re-created by copying in place an object copied before. References that copy in place can repeat a
        /// part at every level (a path item whose operations' callbacks hold path items that refer to ...), which grows
        /// the document exponentially with its depth, as YAML aliases can.
        /// </summary>
        private long _repeated;

        private bool _exceeded;

        /// <summary>The references (file and pointer) reported as closing a loop of copies.</summary>
        private readonly HashSet<string> _loops = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// Objects copied in from parts (and re-exports filled from parts): they are walked with their part as the base of
        /// relative references, never again as the root's own objects.
        /// </summary>
        private readonly HashSet<JsonNode> _claimed = new HashSet<JsonNode>(NodeIdentity.Instance);

        /// <summary>References the first pass has already dealt with (reported, or left to the reader).</summary>
        private readonly HashSet<JsonNode> _settled = new HashSet<JsonNode>(NodeIdentity.Instance);

        private SpecBundler(JsonObject root, string rootPath, string version, IReadOnlyList<SpecFileText> parts, InputLimits limits, DiagnosticBag diagnostics)
        {
            _root = root;
            _rootPath = rootPath;
            _swagger2 = version.StartsWith("2", StringComparison.Ordinal);
            _pathItemComponents = !_swagger2 && !version.StartsWith("3.0", StringComparison.Ordinal);
            _mediaTypeComponents = !_swagger2 && !version.StartsWith("3.0", StringComparison.Ordinal) && !version.StartsWith("3.1", StringComparison.Ordinal);
            _limits = limits;
            _diagnostics = diagnostics;
            _parts = new Dictionary<string, SpecFileText>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                _parts[Normalize(part.Path)] = part;
            }
        }

        /// <summary>Bundles <paramref name="root"/> in place and tells where each copied piece came from.</summary>
        /// <param name="origins">Receives where each copied piece came from.</param>
        /// <returns>False when the copies would exceed the node limit (reported): the document is not read.</returns>
        public static bool Bundle(JsonObject root, string rootPath, string version, IReadOnlyList<SpecFileText> parts, InputLimits limits, DiagnosticBag diagnostics, List<Origin> origins)
        {
            var bundler = new SpecBundler(root, rootPath, version, parts, limits, diagnostics);
            bundler.Run();
            origins.AddRange(bundler._origins);
            return !bundler._exceeded;
        }

        private void Run()
        {
            ReExports();
            _work.Push(new Work(_root, _rootPath, string.Empty, string.Empty, Kind.Document, 0, null));
            while (_work.Count > 0 && !_exceeded)
            {
                var item = _work.Pop();
                if (item.Node is JsonObject obj)
                {
                    if (IsReferenceContext(item.Kind) && obj.TryGetPropertyValue("$ref", out var refNode) && refNode is JsonValue refValue && refValue.TryGetValue<string>(out var reference))
                    {
                        if (!_settled.Contains(obj))
                        {
                            Resolve(obj, reference, item);
                        }
                        continue;
                    }
                    foreach (var member in obj)
                    {
                        if (member.Value is JsonObject or JsonArray && !_claimed.Contains(member.Value))
                        {
                            var segment = "/" + PointerLocator.Escape(member.Key);
                            _work.Push(new Work(member.Value, item.File, item.Pointer + segment, item.BundledPointer + segment, ChildKind(item.Kind, member.Key), item.InlineDepth, item.Inlined));
                        }
                    }
                }
                else if (item.Node is JsonArray array)
                {
                    var childKind = ElementKind(item.Kind);
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonObject or JsonArray && !_claimed.Contains(array[i]!))
                        {
                            var segment = "/" + i.ToString(CultureInfo.InvariantCulture);
                            _work.Push(new Work(array[i]!, item.File, item.Pointer + segment, item.BundledPointer + segment, childKind, item.InlineDepth, item.Inlined));
                        }
                    }
                }
            }
        }

        private void Resolve(JsonObject holder, string reference, Work item)
        {
            if (!TryTarget(holder, reference, item, out var targetFile, out var fragment, out var target))
            {
                return;
            }
            var refPointer = item.Pointer + "/$ref";

            var key = targetFile + "#" + fragment;
            var section = Section(item.Kind);
            if (section is not null)
            {
                if (!_hoisted.TryGetValue(key, out var bundledRef))
                {
                    var name = UniqueName(section, ComponentName(fragment, targetFile));
                    var copy = target.DeepClone();
                    SectionObject(section)[name] = copy;
                    var bundledPointer = SectionPointer(section) + "/" + PointerLocator.Escape(name);
                    bundledRef = "#" + bundledPointer;
                    _hoisted[key] = bundledRef;
                    _origins.Add(new Origin(bundledPointer, targetFile, fragment));
                    _claimed.Add(copy);
                    // A component is copied once and referred to everywhere, so no loop of copies runs through it.
                    _work.Push(new Work(copy, targetFile, fragment, bundledPointer, item.Kind, item.InlineDepth, null));
                }
                holder["$ref"] = bundledRef;
                return;
            }

            // No components section for this kind of object: the target takes the reference's place, members written
            // beside the $ref (a summary, a description) win over the target's own.
            if (item.Inlined is { } inlined && inlined.Find(key) is not null)
            {
                // The same loop is met once per way into it (each of a path item's operations, say): reported once.
                if (_loops.Add(item.File + "#" + refPointer))
                {
                    _diagnostics.AtPointer(DiagnosticIds.UnresolvedReference, $"The reference '{reference}' copies in an object that is already being copied in here ({inlined.Describe(key)} -> '{reference}'), a cycle that would never end; it is left out", "#" + refPointer, FileOf(item.File));
                }
                holder.Remove("$ref");
                return;
            }
            if (item.InlineDepth >= _limits.MaxDepth)
            {
                _diagnostics.AtPointer(DiagnosticIds.UnresolvedReference, $"The reference '{reference}' leads through more than {_limits.MaxDepth} references to other files (a cycle?); the value is generated as untyped JSON", "#" + refPointer, FileOf(item.File));
                holder.Remove("$ref");
                return;
            }
            if (target is not JsonObject targetObject)
            {
                _diagnostics.AtPointer(DiagnosticIds.UnresolvedReference, $"The reference '{reference}' points to a value that is not an object; it is ignored", "#" + refPointer, FileOf(item.File));
                holder.Remove("$ref");
                return;
            }
            if (!Afford(targetObject, item, refPointer))
            {
                return;
            }
            holder.Remove("$ref");
            foreach (var member in targetObject)
            {
                if (!holder.ContainsKey(member.Key))
                {
                    holder[member.Key] = member.Value?.DeepClone();
                }
            }
            _origins.Add(new Origin(item.BundledPointer, targetFile, fragment));
            _work.Push(new Work(holder, targetFile, fragment, item.BundledPointer, item.Kind, item.InlineDepth + 1, new InlineChain(key, reference, item.Inlined)));
        }

        /// <summary>Where a reference leads; false when it is left for the reader (local to the root) or cannot be followed (reported).</summary>
        private bool TryTarget(JsonObject holder, string reference, Work item, out string targetFile, out string fragment, out JsonNode target)
        {
            targetFile = string.Empty;
            target = null!;
            var refPointer = item.Pointer + "/$ref";
            var hash = reference.IndexOf('#');
            var filePart = hash >= 0 ? reference.Substring(0, hash) : reference;
            fragment = hash >= 0 ? reference.Substring(hash + 1) : string.Empty;

            if (filePart.Length == 0)
            {
                if (ReferenceEquals(item.File, _rootPath))
                {
                    // A reference within the root document: the reader resolves it.
                    return false;
                }
                targetFile = item.File;
            }
            else if (IsUrlOrAbsolute(filePart))
            {
                Report(item.File, refPointer, $"The reference '{reference}' points outside the project (a URL or an absolute path); EnKashGen reads only the spec and the parts declared as <EnKashSpecPart>, so it is not read and the value is generated as untyped JSON");
                return false;
            }
            else
            {
                var resolved = Normalize(Combine(Directory(item.File), Unescape(filePart)));
                if (resolved == Normalize(_rootPath))
                {
                    targetFile = _rootPath;
                }
                else if (FindPart(resolved) is { } part)
                {
                    targetFile = part.Path;
                }
                else
                {
                    Report(item.File, refPointer, $"The reference '{reference}' names the file '{filePart}', which is not declared as a spec part; declare it with <EnKashSpecPart Include=\"...\" /> to read it. It is not read, and the value is generated as untyped JSON");
                    return false;
                }
            }

            if (ReferenceEquals(targetFile, _rootPath))
            {
                // A part that points back into the root: a plain local reference in the bundle.
                holder["$ref"] = "#" + fragment;
                return false;
            }

            var targetRoot = Part(targetFile);
            if (targetRoot is null)
            {
                // The part does not parse; its own diagnostic says why.
                return false;
            }
            var found = Find(targetRoot, fragment);
            if (found is null)
            {
                _diagnostics.AtPointer(DiagnosticIds.UnresolvedReference, $"The reference '{reference}' points to '{(fragment.Length == 0 ? "/" : fragment)}', which does not exist in '{FileName(targetFile)}'; the value is generated as untyped JSON", "#" + refPointer, FileOf(item.File));
                holder["$ref"] = "#/x-enkashgen-unresolved";
                return false;
            }
            target = found;
            return true;
        }

        /// <summary>
        /// A component of the root that only re-exports a part (<c>Pet: {$ref: './schemas/pet.yaml#/Pet'}</c>) is where the
        /// part's object goes, under the name the root gives it; done before anything else refers to the same object.
        /// </summary>
        private void ReExports()
        {
            var sections = _swagger2 ? _root : _root["components"] as JsonObject;
            if (sections is null)
            {
                return;
            }
            foreach (var sectionPair in sections.ToList())
            {
                if (sectionPair.Value is not JsonObject section || SectionKind(sectionPair.Key) is not { } kind || Section(kind) != sectionPair.Key)
                {
                    continue;
                }
                foreach (var entry in section.ToList())
                {
                    if (entry.Value is not JsonObject holder || holder["$ref"] is not JsonValue value || !value.TryGetValue<string>(out var reference) || reference.StartsWith("#", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var bundledPointer = SectionPointer(sectionPair.Key) + "/" + PointerLocator.Escape(entry.Key);
                    var item = new Work(holder, _rootPath, bundledPointer, bundledPointer, kind, 0, null);
                    if (!TryTarget(holder, reference, item, out var targetFile, out var fragment, out var target) || target is not JsonObject targetObject)
                    {
                        _settled.Add(holder);
                        continue;
                    }
                    var key = targetFile + "#" + fragment;
                    if (_hoisted.ContainsKey(key))
                    {
                        continue;
                    }
                    holder.Remove("$ref");
                    foreach (var member in targetObject)
                    {
                        if (!holder.ContainsKey(member.Key))
                        {
                            holder[member.Key] = member.Value?.DeepClone();
                        }
                    }
                    _hoisted[key] = "#" + bundledPointer;
                    _origins.Add(new Origin(bundledPointer, targetFile, fragment));
                    _claimed.Add(holder);
                    _work.Push(new Work(holder, targetFile, fragment, bundledPointer, kind, 0, null));
                }
            }
        }

        private static Kind? SectionKind(string section) => section switch
        {
            "schemas" or "definitions" => Kind.Schema,
            "parameters" => Kind.Parameter,
            "responses" => Kind.Response,
            "requestBodies" => Kind.RequestBody,
            "headers" => Kind.Header,
            "examples" => Kind.Example,
            "links" => Kind.Link,
            "callbacks" => Kind.Callback,
            "securitySchemes" => Kind.SecurityScheme,
            "pathItems" => Kind.PathItem,
            "mediaTypes" => Kind.MediaType,
            _ => null,
        };

        /// <summary>Counts a repeated copy of <paramref name="target"/> in place; false (reported, bundling stops) when the budget is spent.</summary>
        private bool Afford(JsonNode target, Work item, string refPointer)
        {
            if (!_sizes.ContainsKey(target))
            {
                // A first copy adds no more than the part holds.
                Size(target);
                return true;
            }
            var size = Size(target);
            if (_repeated + size <= _limits.MaxRepeatedCopies)
            {
                _repeated += size;
                return true;
            }
            _exceeded = true;
            _work.Clear();
            _diagnostics.AtPointer(DiagnosticIds.InputLimit, Messages.Copies(_limits.MaxRepeatedCopies) + "; no client is generated from it", "#" + refPointer, FileOf(item.File));
            return false;
        }

        /// <summary>Objects, arrays, keys and values of a node, counted as <see cref="InputScanner"/> counts them.</summary>
        private long Size(JsonNode node)
        {
            if (_sizes.TryGetValue(node, out var known))
            {
                return known;
            }
            long size = 0;
            var stack = new Stack<JsonNode?>();
            stack.Push(node);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                size++;
                if (current is JsonObject obj)
                {
                    foreach (var member in obj)
                    {
                        size++;
                        stack.Push(member.Value);
                    }
                }
                else if (current is JsonArray array)
                {
                    foreach (var element in array)
                    {
                        stack.Push(element);
                    }
                }
            }
            _sizes[node] = size;
            return size;
        }

        private void Report(string file, string pointer, string message) =>
            _diagnostics.AtPointer(DiagnosticIds.ExternalReference, message, "#" + pointer, FileOf(file));

        private string? FileOf(string file) => ReferenceEquals(file, _rootPath) ? null : file;

        private JsonNode? Part(string path)
        {
            if (_parsedParts.TryGetValue(path, out var parsed))
            {
                return parsed;
            }
            var part = _parts[Normalize(path)];
            parsed = DocumentParser.Parse(part.Text, part.Path, _limits, _diagnostics);
            if (parsed is not null)
            {
                SpecPreparation.MarkNullable(parsed, openApi30: !_swagger2);
            }
            _parsedParts[path] = parsed;
            return parsed;
        }

        private SpecFileText? FindPart(string normalized)
        {
            if (_parts.TryGetValue(normalized, out var exact))
            {
                return exact;
            }
            // File systems that ignore case (Windows, macOS) accept a reference spelled in another case.
            foreach (var pair in _parts)
            {
                if (string.Equals(pair.Key, normalized, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }
            return null;
        }

        private static JsonNode? Find(JsonNode root, string fragment)
        {
            var node = root;
            foreach (var segment in PointerLocator.Segments(fragment, percentEncoded: true))
            {
                if (node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) && child is not null)
                {
                    node = child;
                }
                else if (node is JsonArray array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count && array[index] is { } item)
                {
                    node = item;
                }
                else
                {
                    return null;
                }
            }
            return node;
        }

        private string UniqueName(string section, string name)
        {
            var container = SectionObject(section);
            var unique = name;
            for (var i = 2; container.ContainsKey(unique); i++)
            {
                unique = name + i.ToString(CultureInfo.InvariantCulture);
            }
            return unique;
        }

        /// <summary>The name a copied component gets: the last segment of the pointer, or the file's name for a whole file.</summary>
        private static string ComponentName(string fragment, string file)
        {
            var segments = PointerLocator.Segments(fragment, percentEncoded: true);
            var raw = segments.Count > 0 ? segments[segments.Count - 1] : System.IO.Path.GetFileNameWithoutExtension(file);
            var chars = raw.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                // Component keys may hold only these characters; anything else would break an OpenAPI rule.
                if (!(char.IsLetterOrDigit(chars[i]) && chars[i] < 128) && chars[i] != '.' && chars[i] != '-' && chars[i] != '_')
                {
                    chars[i] = '_';
                }
            }
            var name = new string(chars);
            return name.Length == 0 ? "Part" : name;
        }

        private JsonObject SectionObject(string section)
        {
            JsonObject container;
            if (_swagger2)
            {
                container = _root;
            }
            else
            {
                if (_root["components"] is not JsonObject components)
                {
                    components = new JsonObject();
                    _root["components"] = components;
                }
                container = components;
            }
            if (container[section] is not JsonObject result)
            {
                result = new JsonObject();
                container[section] = result;
            }
            return result;
        }

        private string SectionPointer(string section) => _swagger2 ? "/" + section : "/components/" + section;

        /// <summary>Where a referenced object of this kind is copied to; null where it takes the reference's place.</summary>
        private string? Section(Kind kind)
        {
            if (_swagger2)
            {
                return kind switch
                {
                    Kind.Schema => "definitions",
                    Kind.Parameter => "parameters",
                    Kind.Response => "responses",
                    _ => null,
                };
            }
            return kind switch
            {
                Kind.Schema => "schemas",
                Kind.Parameter => "parameters",
                Kind.Response => "responses",
                Kind.RequestBody => "requestBodies",
                Kind.Header => "headers",
                Kind.Example => "examples",
                Kind.Link => "links",
                Kind.Callback => "callbacks",
                Kind.SecurityScheme => "securitySchemes",
                Kind.PathItem when _pathItemComponents => "pathItems",
                Kind.MediaType when _mediaTypeComponents => "mediaTypes",
                _ => null,
            };
        }

        private static bool IsReferenceContext(Kind kind) => kind is not (Kind.Document or Kind.Data or Kind.Other or Kind.Paths or Kind.Components);

        /// <summary>What the member <paramref name="key"/> of an object of kind <paramref name="parent"/> holds.</summary>
        private static Kind ChildKind(Kind parent, string key)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal))
            {
                return Kind.Other;
            }
            switch (parent)
            {
                case Kind.Document:
                    return key switch
                    {
                        "paths" => Kind.Paths,
                        "webhooks" => Kind.PathItemMap,
                        "components" => Kind.Components,
                        "definitions" => Kind.SchemaMap,
                        "parameters" => Kind.ParameterMap,
                        "responses" => Kind.ResponseMap,
                        _ => Kind.Other,
                    };
                case Kind.Paths:
                case Kind.PathItemMap:
                case Kind.Callback:
                    return Kind.PathItem;
                case Kind.PathItem:
                    return key switch
                    {
                        "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace" or "query" => Kind.Operation,
                        "additionalOperations" => Kind.OperationMap,
                        "parameters" => Kind.ParameterList,
                        _ => Kind.Other,
                    };
                case Kind.OperationMap:
                    return Kind.Operation;
                case Kind.Operation:
                    return key switch
                    {
                        "parameters" => Kind.ParameterList,
                        "requestBody" => Kind.RequestBody,
                        "responses" => Kind.ResponseMap,
                        "callbacks" => Kind.CallbackMap,
                        _ => Kind.Other,
                    };
                case Kind.ParameterMap:
                    return Kind.Parameter;
                case Kind.Parameter:
                case Kind.Header:
                    return key switch
                    {
                        "schema" or "items" => Kind.Schema,
                        "content" => Kind.Content,
                        "examples" => Kind.ExampleMap,
                        "example" or "default" or "enum" => Kind.Data,
                        _ => Kind.Other,
                    };
                case Kind.RequestBody:
                    return key == "content" ? Kind.Content : Kind.Other;
                case Kind.ResponseMap:
                    return Kind.Response;
                case Kind.Response:
                    return key switch
                    {
                        "content" => Kind.Content,
                        "headers" => Kind.HeaderMap,
                        "links" => Kind.LinkMap,
                        "schema" => Kind.Schema,
                        "examples" => Kind.Data,
                        _ => Kind.Other,
                    };
                case Kind.Content:
                    return Kind.MediaType;
                case Kind.MediaType:
                    return key switch
                    {
                        "schema" or "itemSchema" => Kind.Schema,
                        "examples" => Kind.ExampleMap,
                        "encoding" => Kind.EncodingMap,
                        "example" => Kind.Data,
                        _ => Kind.Other,
                    };
                case Kind.EncodingMap:
                    return Kind.Encoding;
                case Kind.Encoding:
                    return key == "headers" ? Kind.HeaderMap : Kind.Other;
                case Kind.HeaderMap:
                    return Kind.Header;
                case Kind.ExampleMap:
                    return Kind.Example;
                case Kind.LinkMap:
                    return Kind.Link;
                case Kind.CallbackMap:
                    return Kind.Callback;
                case Kind.SchemaMap:
                    return Kind.Schema;
                case Kind.RequestBodyMap:
                    return Kind.RequestBody;
                case Kind.SecuritySchemeMap:
                    return Kind.SecurityScheme;
                case Kind.Components:
                    return key switch
                    {
                        "schemas" => Kind.SchemaMap,
                        "responses" => Kind.ResponseMap,
                        "parameters" => Kind.ParameterMap,
                        "examples" => Kind.ExampleMap,
                        "requestBodies" => Kind.RequestBodyMap,
                        "headers" => Kind.HeaderMap,
                        "securitySchemes" => Kind.SecuritySchemeMap,
                        "links" => Kind.LinkMap,
                        "callbacks" => Kind.CallbackMap,
                        "pathItems" => Kind.PathItemMap,
                        "mediaTypes" => Kind.Content,
                        _ => Kind.Other,
                    };
                case Kind.Schema:
                    return key switch
                    {
                        "properties" or "patternProperties" or "$defs" or "definitions" or "dependentSchemas" => Kind.SchemaMap,
                        "allOf" or "oneOf" or "anyOf" or "prefixItems" => Kind.SchemaList,
                        "items" or "additionalProperties" or "not" or "if" or "then" or "else" or "contains" or "propertyNames"
                            or "unevaluatedProperties" or "unevaluatedItems" or "contentSchema" or "additionalItems" => Kind.Schema,
                        _ => Kind.Data,
                    };
                case Kind.Data:
                    return Kind.Data;
                default:
                    return Kind.Other;
            }
        }

        private static Kind ElementKind(Kind list) => list switch
        {
            Kind.ParameterList => Kind.Parameter,
            Kind.SchemaList => Kind.Schema,
            Kind.Data => Kind.Data,
            _ => Kind.Other,
        };

        private static bool IsUrlOrAbsolute(string reference)
        {
            if (reference.StartsWith("/", StringComparison.Ordinal) || reference.StartsWith("\\", StringComparison.Ordinal))
            {
                return true;
            }
            // A scheme (https:, file:, urn:) or a drive letter (C:) before any path separator.
            var colon = reference.IndexOf(':');
            if (colon > 0)
            {
                var slash = reference.IndexOfAny(new[] { '/', '\\' });
                return slash < 0 || colon < slash;
            }
            return false;
        }

        private static string Unescape(string path)
        {
            try
            {
                return Uri.UnescapeDataString(path);
            }
            catch (UriFormatException)
            {
                return path;
            }
        }

        private static string Directory(string file)
        {
            var slash = file.LastIndexOfAny(new[] { '/', '\\' });
            return slash < 0 ? string.Empty : file.Substring(0, slash);
        }

        private static string Combine(string directory, string relative) => directory.Length == 0 ? relative : directory + "/" + relative;

        private static string FileName(string file)
        {
            var slash = file.LastIndexOfAny(new[] { '/', '\\' });
            return slash < 0 ? file : file.Substring(slash + 1);
        }

        /// <summary>A path with '/' separators and its '.' and '..' segments resolved; only text, the disk is never asked.</summary>
        internal static string Normalize(string path)
        {
            var segments = new List<string>();
            var rooted = path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal);
            foreach (var segment in path.Split('/', '\\'))
            {
                if (segment.Length == 0 || segment == ".")
                {
                    continue;
                }
                if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
                {
                    segments.RemoveAt(segments.Count - 1);
                    continue;
                }
                segments.Add(segment);
            }
            return (rooted ? "/" : string.Empty) + string.Join("/", segments);
        }

        private readonly struct Work
        {
            public Work(JsonNode node, string file, string pointer, string bundledPointer, Kind kind, int inlineDepth, InlineChain? inlined)
            {
                Node = node;
                File = file;
                Pointer = pointer;
                BundledPointer = bundledPointer;
                Kind = kind;
                InlineDepth = inlineDepth;
                Inlined = inlined;
            }

            /// <summary>The targets copied in place on the way to this node, innermost first.</summary>
            public InlineChain? Inlined { get; }

            public JsonNode Node { get; }

            /// <summary>The file the node was written in (the root's path object itself for the root).</summary>
            public string File { get; }

            /// <summary>The node's pointer within <see cref="File"/>, without the leading '#'.</summary>
            public string Pointer { get; }

            /// <summary>The node's pointer within the bundled document.</summary>
            public string BundledPointer { get; }

            public Kind Kind { get; }
            public int InlineDepth { get; }
        }

        /// <summary>One target copied in place (its file and fragment, and the reference as written), and the ones copied before it.</summary>
        private sealed class InlineChain
        {
            public InlineChain(string key, string reference, InlineChain? outer)
            {
                Key = key;
                Reference = reference;
                Outer = outer;
            }

            public string Key { get; }
            public string Reference { get; }
            public InlineChain? Outer { get; }

            /// <summary>The link that copied <paramref name="key"/> in, if one did on the way here.</summary>
            public InlineChain? Find(string key)
            {
                for (var link = this; link is not null; link = link.Outer)
                {
                    if (link.Key == key)
                    {
                        return link;
                    }
                }
                return null;
            }

            /// <summary>"'a.yaml#/pi' -> 'b.yaml#/pi'": the references as written, from the one that copied <paramref name="key"/> in to this one.</summary>
            public string Describe(string key)
            {
                var references = new List<string>();
                for (var link = (InlineChain?)this; link is not null; link = link.Outer)
                {
                    references.Add(link.Reference);
                    if (link.Key == key)
                    {
                        break;
                    }
                }
                references.Reverse();
                return string.Join(" -> ", references.Select(r => "'" + r + "'"));
            }
        }

        private enum Kind
        {
            Document,
            Paths,
            PathItem,
            PathItemMap,
            Operation,
            OperationMap,
            ParameterList,
            ParameterMap,
            Parameter,
            RequestBody,
            RequestBodyMap,
            ResponseMap,
            Response,
            Content,
            MediaType,
            EncodingMap,
            Encoding,
            HeaderMap,
            Header,
            ExampleMap,
            Example,
            LinkMap,
            Link,
            CallbackMap,
            Callback,
            Components,
            SchemaMap,
            SchemaList,
            Schema,
            SecuritySchemeMap,
            SecurityScheme,
            Data,
            Other,
        }
    }

    /// <summary>Compares JSON nodes by identity: the same object in the tree, not an equal one.</summary>
    internal sealed class NodeIdentity : IEqualityComparer<JsonNode>
    {
        public static readonly NodeIdentity Instance = new NodeIdentity();

        public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

        public int GetHashCode(JsonNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }

    /// <summary>One copied piece of a bundled spec: the pointer it has in the bundle, and the file and pointer it came from.</summary>
    internal readonly struct Origin
    {
        public Origin(string bundledPointer, string file, string filePointer)
        {
            BundledPointer = bundledPointer;
            File = file;
            FilePointer = filePointer;
        }

        public string BundledPointer { get; }
        public string File { get; }
        public string FilePointer { get; }
    }

    /// <summary>Translates pointers into the bundled document back into the file and pointer they were written at.</summary>
    internal sealed class SpecOrigins
    {
        public static readonly SpecOrigins None = new SpecOrigins(string.Empty, new List<Origin>());

        private readonly string _rootPath;
        private readonly List<Origin> _origins;

        public SpecOrigins(string rootPath, List<Origin> origins)
        {
            _rootPath = rootPath;
            // Longest first, so a piece copied inside another piece wins over the outer one.
            origins.Sort((a, b) => b.BundledPointer.Length.CompareTo(a.BundledPointer.Length));
            _origins = origins;
        }

        /// <summary>The file (null: the root) and the pointer within it of <paramref name="bundledPointer"/> ('#' and all).</summary>
        public (string? File, string Pointer) Translate(string bundledPointer)
        {
            // A piece moved within the bundle (a schema pointed into) may sit in a piece copied from a part: follow each move.
            var result = TranslateOnce(bundledPointer);
            for (var hops = 0; hops < 8 && result.File is null && result.Pointer != bundledPointer; hops++)
            {
                bundledPointer = result.Pointer;
                result = TranslateOnce(bundledPointer);
            }
            return result;
        }

        private (string? File, string Pointer) TranslateOnce(string bundledPointer)
        {
            if (_origins.Count == 0)
            {
                return (null, bundledPointer);
            }
            var p = bundledPointer.StartsWith("#", StringComparison.Ordinal) ? bundledPointer.Substring(1) : bundledPointer;
            foreach (var origin in _origins)
            {
                if (p.Length >= origin.BundledPointer.Length && p.StartsWith(origin.BundledPointer, StringComparison.Ordinal)
                    && (p.Length == origin.BundledPointer.Length || p[origin.BundledPointer.Length] == '/'))
                {
                    var rest = p.Substring(origin.BundledPointer.Length);
                    return (ReferenceEquals(origin.File, _rootPath) ? null : origin.File, "#" + origin.FilePointer + rest);
                }
            }
            return (null, bundledPointer);
        }
    }
}
