using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnKashGen.Benchmarks.Infrastructure;

/// <summary>
/// A payments API in the style of PayPal's REST documents, written for the benchmarks: OpenAPI 3.0.3 JSON whose bodies
/// are mostly inline: objects nested five and more levels deep, <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c> inside each other
/// three levels deep, and the same inline shapes (money, address, name, link, error, patch) written out again in every
/// operation instead of referenced. No corpus document has this: Stripe nests <c>anyOf</c> but references its shapes,
/// GitHub and Box reference almost everything. Deterministic: the same text on every run.
/// </summary>
public static class DeepCompositionSpec
{
    public const string FileName = "deep-composition-3.0.json";

    /// <summary>Resources; each gets create, get, list, patch and an action, with inline request and response bodies.</summary>
    private static readonly string[] Resources = { "orders", "payment-authorizations", "invoices" };

    public static string Text() => Document().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject Document()
    {
        var paths = new JsonObject();
        foreach (var resource in Resources)
        {
            var tag = Pascal(resource);
            var singular = resource.TrimEnd('s');
            paths[$"/v2/{resource}"] = new JsonObject
            {
                ["post"] = Operation($"{resource}.create", tag, "Creates a resource.", Body(Resource(withPaymentSource: true)), "201", Resource(withPaymentSource: true)),
                ["get"] = ListOperation($"{resource}.list", tag),
            };
            paths[$"/v2/{resource}/{{{singular}_id}}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter(singular + "_id")),
                ["get"] = Operation($"{resource}.get", tag, "Shows details for a resource.", null, "200", Resource(withPaymentSource: false)),
                ["patch"] = Operation($"{resource}.patch", tag, "Updates a resource with JSON Patch operations.", Body(PatchRequest()), "204", null),
            };
            paths[$"/v2/{resource}/{{{singular}_id}}/confirm"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter(singular + "_id")),
                ["post"] = Operation($"{resource}.confirm", tag, "Confirms a resource with a payment source.", Body(ConfirmRequest()), "200", Resource(withPaymentSource: true)),
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Deep composition payments", ["version"] = "2.0.0", ["description"] = "Inline bodies nested deeply, in the style of PayPal's REST APIs." },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://api.example.com" }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["money"] = Money(),
                    ["card_brand"] = Enum("VISA", "MASTERCARD", "AMEX", "DISCOVER", "RUPAY", "UNKNOWN"),
                },
                ["securitySchemes"] = new JsonObject
                {
                    ["oauth2"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                },
            },
            ["security"] = new JsonArray(new JsonObject { ["oauth2"] = new JsonArray() }),
        };
    }

    private static JsonObject Operation(string id, string tag, string summary, JsonObject? body, string status, JsonObject? response)
    {
        var responses = new JsonObject
        {
            [status] = response is null
                ? new JsonObject { ["description"] = "No content." }
                : new JsonObject { ["description"] = "Success.", ["content"] = Json(response) },
            ["default"] = new JsonObject { ["description"] = "Error.", ["content"] = Json(Error()) },
        };
        var operation = new JsonObject
        {
            ["operationId"] = id,
            ["tags"] = new JsonArray(tag),
            ["summary"] = summary,
            ["parameters"] = new JsonArray(
                new JsonObject { ["name"] = "PayPal-Request-Id", ["in"] = "header", ["schema"] = Str(maxLength: 108) },
                new JsonObject { ["name"] = "Prefer", ["in"] = "header", ["schema"] = Enum("return=minimal", "return=representation") }),
        };
        if (body is not null)
        {
            operation["requestBody"] = body;
        }
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject ListOperation(string id, string tag) => new()
    {
        ["operationId"] = id,
        ["tags"] = new JsonArray(tag),
        ["summary"] = "Lists resources, a page at a time.",
        ["parameters"] = new JsonArray(
            Query("page", Int(1, 1000)),
            Query("page_size", Int(1, 100)),
            Query("total_required", new JsonObject { ["type"] = "boolean" }),
            Query("status", Status())),
        ["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "A page.",
                ["content"] = Json(Object(
                    ("items", Array(Summary())),
                    ("total_items", Int(0, int.MaxValue)),
                    ("total_pages", Int(0, int.MaxValue)),
                    ("links", Array(Link())))),
            },
            ["default"] = new JsonObject { ["description"] = "Error.", ["content"] = Json(Error()) },
        },
    };

    /// <summary>The body of a resource: the deepest part of the document.</summary>
    private static JsonObject Resource(bool withPaymentSource)
    {
        var resource = Object(
            ("id", Str(maxLength: 36)),
            ("status", Status()),
            ("intent", Enum("CAPTURE", "AUTHORIZE")),
            ("create_time", DateTime()),
            ("update_time", DateTime()),
            ("amount", AmountWithBreakdown()),
            ("payer", Payer()),
            ("purchase_units", Array(PurchaseUnit(), minItems: 1, maxItems: 10)),
            ("processing_instruction", new JsonObject
            {
                ["anyOf"] = new JsonArray(
                    Enum("ORDER_COMPLETE_ON_PAYMENT_APPROVAL", "NO_INSTRUCTION"),
                    Object(("instruction", Str()), ("deadline", DateTime()))),
            }),
            ("metadata", new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = Object(("value", Str()), ("updated_by", Object(("id", Str()), ("name", Name())))),
            }),
            ("links", Array(Link())));
        resource["required"] = new JsonArray("id", "status");
        if (withPaymentSource)
        {
            resource["properties"]!["payment_source"] = PaymentSource();
        }
        return resource;
    }

    private static JsonObject Summary() => Object(
        ("id", Str()),
        ("status", Status()),
        ("amount", Money()),
        ("payer", Object(("email_address", Email()), ("name", Name()))),
        ("create_time", DateTime()),
        ("links", Array(Link())));

    private static JsonObject AmountWithBreakdown() => new()
    {
        ["allOf"] = new JsonArray(
            Ref("money"),
            Object(("breakdown", Object(
                ("item_total", Money()),
                ("shipping", Money()),
                ("handling", Money()),
                ("tax_total", Money()),
                ("insurance", Money()),
                ("shipping_discount", Money()),
                ("discount", new JsonObject { ["allOf"] = new JsonArray(Money(), Object(("description", Str()), ("code", Str(maxLength: 20)))) }))))),
    };

    private static JsonObject Payer() => Object(
        ("payer_id", Str(maxLength: 13)),
        ("email_address", Email()),
        ("name", Name()),
        ("phone", Object(
            ("phone_type", Enum("FAX", "HOME", "MOBILE", "OTHER", "PAGER")),
            ("phone_number", Object(("national_number", Str(maxLength: 14)))))),
        ("birth_date", new JsonObject { ["type"] = "string", ["format"] = "date" }),
        ("tax_info", Object(("tax_id", Str(maxLength: 14)), ("tax_id_type", Enum("BR_CPF", "BR_CNPJ")))),
        ("address", Address()));

    private static JsonObject PurchaseUnit() => Object(
        ("reference_id", Str(maxLength: 256)),
        ("description", Str(maxLength: 127)),
        ("amount", AmountWithBreakdown()),
        ("payee", Object(("email_address", Email()), ("merchant_id", Str(maxLength: 13)), ("display_data", Object(("business_email", Email()), ("brand_name", Str()))))),
        ("items", Array(Object(
            ("name", Str(maxLength: 127)),
            ("quantity", Str(maxLength: 10)),
            ("unit_amount", Money()),
            ("tax", Money()),
            ("category", Enum("DIGITAL_GOODS", "PHYSICAL_GOODS", "DONATION")),
            ("sku", Str(maxLength: 127)),
            ("upc", Object(("type", Enum("UPC-A", "UPC-B", "UPC-C", "UPC-D", "UPC-E", "UPC-2", "UPC-5")), ("code", Str(maxLength: 17))))))),
        ("shipping", Object(
            ("type", Enum("SHIPPING", "PICKUP_IN_PERSON", "PICKUP_IN_STORE", "PICKUP_FROM_PERSON")),
            ("name", Object(("full_name", Str(maxLength: 300)))),
            ("address", Address()),
            ("options", Array(Object(
                ("id", Str(maxLength: 127)),
                ("label", Str(maxLength: 127)),
                ("type", Enum("SHIPPING", "PICKUP")),
                ("amount", Money()),
                ("selected", new JsonObject { ["type"] = "boolean" })))))),
        ("payments", Object(
            ("authorizations", Array(Payment(withBreakdown: false))),
            ("captures", Array(Payment(withBreakdown: true))),
            ("refunds", Array(Payment(withBreakdown: true))))));

    private static JsonObject Payment(bool withBreakdown)
    {
        var payment = Object(
            ("id", Str()),
            ("status", Enum("COMPLETED", "DECLINED", "PARTIALLY_REFUNDED", "PENDING", "REFUNDED", "FAILED")),
            ("status_details", Object(("reason", Enum("BUYER_COMPLAINT", "CHARGEBACK", "ECHECK", "OTHER", "PENDING_REVIEW")))),
            ("amount", Money()),
            ("final_capture", new JsonObject { ["type"] = "boolean" }),
            ("seller_protection", Object(
                ("status", Enum("ELIGIBLE", "PARTIALLY_ELIGIBLE", "NOT_ELIGIBLE")),
                ("dispute_categories", Array(Enum("ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"))))),
            ("create_time", DateTime()),
            ("links", Array(Link())));
        if (withBreakdown)
        {
            payment["properties"]!["seller_receivable_breakdown"] = Object(
                ("gross_amount", Money()),
                ("paypal_fee", Money()),
                ("net_amount", Money()),
                ("receivable_amount", Money()),
                ("exchange_rate", Object(("source_currency", Currency()), ("target_currency", Currency()), ("value", Str()))),
                ("platform_fees", Array(Object(("amount", Money()), ("payee", Object(("email_address", Email()), ("merchant_id", Str())))))));
        }
        return payment;
    }

    /// <summary>oneOf of inline sources, each with allOf / oneOf / anyOf inside: the three composition keywords nested.</summary>
    private static JsonObject PaymentSource() => new()
    {
        ["oneOf"] = new JsonArray(
            Object(("card", Object(
                ("name", Str(maxLength: 300)),
                ("number", Str(maxLength: 19)),
                ("expiry", Str(maxLength: 7)),
                ("brand", Ref("card_brand")),
                ("billing_address", Address()),
                ("attributes", new JsonObject
                {
                    ["allOf"] = new JsonArray(
                        Object(("vault", new JsonObject
                        {
                            ["oneOf"] = new JsonArray(
                                Object(("store_in_vault", Enum("ON_SUCCESS"))),
                                Object(
                                    ("vault_id", Str()),
                                    ("customer", new JsonObject
                                    {
                                        ["anyOf"] = new JsonArray(
                                            Object(("id", Str(maxLength: 22))),
                                            Object(("email_address", Email()), ("name", Name()), ("phone", Object(("national_number", Str())))))
                                    }))),
                        })),
                        Object(("verification", Object(("method", Enum("SCA_ALWAYS", "SCA_WHEN_REQUIRED", "3D_SECURE", "AVS_CVV")))))),
                })))),
            Object(("paypal", Object(
                ("email_address", Email()),
                ("account_id", Str(maxLength: 13)),
                ("name", Name()),
                ("phone", Object(("phone_type", Enum("HOME", "MOBILE")), ("phone_number", Object(("national_number", Str()))))),
                ("address", Address()),
                ("experience_context", Object(
                    ("brand_name", Str(maxLength: 127)),
                    ("locale", Str(maxLength: 10)),
                    ("shipping_preference", Enum("GET_FROM_FILE", "NO_SHIPPING", "SET_PROVIDED_ADDRESS")),
                    ("user_action", Enum("CONTINUE", "PAY_NOW")),
                    ("return_url", Str()),
                    ("cancel_url", Str())))))),
            Object(("bank", Object(
                ("iban", Str(maxLength: 34)),
                ("bic", Str(maxLength: 11)),
                ("name", Str()),
                ("mandate", new JsonObject
                {
                    ["anyOf"] = new JsonArray(
                        Object(("reference", Str()), ("signed_at", DateTime())),
                        Object(("sequence", Enum("FIRST", "RECURRING", "FINAL")), ("amount", Money()))),
                }))))),
    };

    private static JsonObject ConfirmRequest() => Object(
        ("payment_source", PaymentSource()),
        ("processing_instruction", Enum("ORDER_COMPLETE_ON_PAYMENT_APPROVAL", "NO_INSTRUCTION")),
        ("application_context", Object(
            ("brand_name", Str()),
            ("locale", Str()),
            ("stored_payment_source", Object(
                ("payment_initiator", Enum("CUSTOMER", "MERCHANT")),
                ("payment_type", Enum("ONE_TIME", "RECURRING", "UNSCHEDULED")),
                ("previous_network_transaction_reference", Object(("id", Str()), ("date", Str()), ("network", Ref("card_brand")))))))));

    private static JsonObject PatchRequest() => new()
    {
        ["type"] = "array",
        ["items"] = Object(
            ("op", Enum("add", "remove", "replace", "move", "copy", "test")),
            ("path", Str()),
            ("value", new JsonObject { ["nullable"] = true }),
            ("from", Str())),
    };

    private static JsonObject Error() => Object(
        ("name", Str()),
        ("message", Str()),
        ("debug_id", Str()),
        ("details", Array(Object(("field", Str()), ("value", Str()), ("location", Enum("body", "path", "query")), ("issue", Str()), ("description", Str())))),
        ("links", Array(Link())));

    private static JsonObject Money() => Object(("currency_code", Currency()), ("value", Str(maxLength: 32, pattern: "^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$")));

    private static JsonObject Address() => Object(
        ("address_line_1", Str(maxLength: 300)),
        ("address_line_2", Str(maxLength: 300)),
        ("admin_area_2", Str(maxLength: 120)),
        ("admin_area_1", Str(maxLength: 300)),
        ("postal_code", Str(maxLength: 60)),
        ("country_code", Str(maxLength: 2, pattern: "^([A-Z]{2}|C2)$")));

    private static JsonObject Name() => Object(("given_name", Str(maxLength: 140)), ("surname", Str(maxLength: 140)));

    private static JsonObject Link() => Object(
        ("href", Str()),
        ("rel", Str()),
        ("method", Enum("GET", "POST", "PUT", "DELETE", "HEAD", "CONNECT", "OPTIONS", "PATCH")));

    private static JsonObject Status() => Enum("CREATED", "SAVED", "APPROVED", "VOIDED", "COMPLETED", "PAYER_ACTION_REQUIRED");

    private static JsonObject Currency() => Str(maxLength: 3);

    private static JsonObject Email() => new() { ["type"] = "string", ["format"] = "email", ["maxLength"] = 254 };

    private static JsonObject DateTime() => new() { ["type"] = "string", ["format"] = "date-time" };

    private static JsonObject Str(int? maxLength = null, string? pattern = null)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (maxLength is { } max)
        {
            schema["maxLength"] = max;
        }
        if (pattern is not null)
        {
            schema["pattern"] = pattern;
        }
        return schema;
    }

    private static JsonObject Int(int minimum, int maximum) => new() { ["type"] = "integer", ["minimum"] = minimum, ["maximum"] = maximum };

    private static JsonObject Enum(params string[] values) => new() { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) };

    private static JsonObject Array(JsonObject items, int? minItems = null, int? maxItems = null)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = items };
        if (minItems is { } min)
        {
            schema["minItems"] = min;
        }
        if (maxItems is { } max)
        {
            schema["maxItems"] = max;
        }
        return schema;
    }

    private static JsonObject Object(params (string Name, JsonObject Schema)[] properties)
    {
        var members = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            members[name] = schema;
        }
        return new JsonObject { ["type"] = "object", ["properties"] = members };
    }

    private static JsonObject Ref(string component) => new() { ["$ref"] = "#/components/schemas/" + component };

    private static JsonObject Json(JsonObject schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Body(JsonObject schema) => new() { ["required"] = true, ["content"] = Json(schema) };

    private static JsonObject PathParameter(string name) => new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = Str() };

    private static JsonObject Query(string name, JsonObject schema) => new() { ["name"] = name, ["in"] = "query", ["schema"] = schema };

    private static string Pascal(string name) => string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}
