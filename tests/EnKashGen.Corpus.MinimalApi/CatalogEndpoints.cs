using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace EnKashGen.Corpus.MinimalApi;

/// <summary>The endpoints, with the kinds of parameters, bodies and results real minimal APIs have.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/products").WithTags("Products");
        products.MapGet("/", ListProducts).WithName("listProducts").WithSummary("Lists products, filtered and paged.");
        products.MapGet("/{id:guid}", GetProduct).WithName("getProduct").WithSummary("Gets one product.");
        products.MapPost("/", CreateProduct).WithName("createProduct").WithSummary("Creates a product.");
        products.MapPut("/{id:guid}", ReplaceProduct).WithName("replaceProduct").WithSummary("Replaces a product if its version still matches.");
        products.MapDelete("/{id:guid}", DeleteProduct).WithName("deleteProduct").WithSummary("Deletes a product.");
        products.MapPost("/{id:guid}/images", UploadImage).WithName("uploadProductImage").WithSummary("Uploads a product image.").DisableAntiforgery();

        var orders = app.MapGroup("/orders/{orderNumber:long}").WithTags("Orders");
        orders.MapGet("/", GetOrder).WithName("getOrder").WithSummary("Gets one order.");
        orders.MapGet("/history", GetOrderHistory).WithName("getOrderHistory").WithSummary("Lists what happened to an order since a point in time.");
        orders.MapPost("/payments", PayOrder).WithName("payOrder").WithSummary("Pays an order by card or bank transfer.").WithTags("Payments");

        app.MapGet("/reports/ratings", GetRatings).WithName("getRatings").WithTags("Reports").WithSummary("Average rating per tag.");
        return app;
    }

    private static Ok<ProductPage> ListProducts(Catalog catalog, [FromQuery] ProductStatus? status, [FromQuery(Name = "tag")] string[]? tags, int page = 1, int pageSize = 20)
    {
        var matching = catalog.Products
            .Where(p => status is null || p.Status == status)
            .Where(p => tags is null || tags.Length == 0 || tags.All(p.Tags.Contains))
            .ToList();
        var items = matching.Skip(Math.Max(0, page - 1) * pageSize).Take(pageSize).ToList();
        return TypedResults.Ok(new ProductPage(items, page, pageSize, matching.Count));
    }

    private static Results<Ok<Product>, NotFound<ProblemDetails>> GetProduct(Guid id, Catalog catalog) =>
        catalog.Find(id) is { } product
            ? TypedResults.Ok(product)
            : TypedResults.NotFound(new ProblemDetails { Title = "No such product", Status = StatusCodes.Status404NotFound });

    private static Results<Created<Product>, ValidationProblem> CreateProduct(NewProduct body, Catalog catalog, TimeProvider time)
    {
        if (catalog.Products.Any(p => p.Sku == body.Sku))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = new[] { "A product with this SKU exists." } });
        }
        var product = new Product
        {
            Id = Guid.NewGuid(),
            Sku = body.Sku,
            Name = body.Name,
            Description = body.Description,
            Price = body.Price,
            Status = body.Status,
            Stock = 0,
            Version = 1,
            CreatedAt = time.GetUtcNow(),
            Tags = body.Tags ?? Array.Empty<string>(),
            Attributes = body.Attributes ?? new Dictionary<string, string>(),
            Dimensions = body.Dimensions,
        };
        catalog.Save(product);
        return TypedResults.Created("/products/" + product.Id, product);
    }

    private static Results<Ok<Product>, NotFound, BadRequest<ProblemDetails>> ReplaceProduct(Guid id, NewProduct body, [FromHeader(Name = "If-Match")] string? ifMatch, Catalog catalog)
    {
        if (catalog.Find(id) is not { } existing)
        {
            return TypedResults.NotFound();
        }
        if (ifMatch is not null && ifMatch != existing.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Version mismatch", Detail = "The product changed since it was read." });
        }
        var replaced = existing with
        {
            Sku = body.Sku,
            Name = body.Name,
            Description = body.Description,
            Price = body.Price,
            Status = body.Status,
            Version = existing.Version + 1,
            Tags = body.Tags ?? existing.Tags,
            Attributes = body.Attributes ?? existing.Attributes,
            Dimensions = body.Dimensions,
        };
        catalog.Save(replaced);
        return TypedResults.Ok(replaced);
    }

    private static Results<NoContent, NotFound> DeleteProduct(Guid id, Catalog catalog) =>
        catalog.Remove(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Created<ProductImage>, NotFound, BadRequest<ProblemDetails>>> UploadImage(Guid id, IFormFile file, [FromForm] string? caption, Catalog catalog)
    {
        if (catalog.Find(id) is null)
        {
            return TypedResults.NotFound();
        }
        if (file.Length == 0)
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Empty file" });
        }
        await using var stream = file.OpenReadStream();
        var image = new ProductImage(id, file.FileName, file.ContentType, file.Length, caption);
        return TypedResults.Created("/products/" + id + "/images/" + Uri.EscapeDataString(file.FileName), image);
    }

    private static Results<Ok<Order>, NotFound> GetOrder(long orderNumber, [FromHeader(Name = "X-Correlation-Id")] Guid? correlationId, Catalog catalog) =>
        catalog.FindOrder(orderNumber) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();

    private static Results<Ok<List<OrderEvent>>, NotFound> GetOrderHistory(long orderNumber, DateTimeOffset? since, Catalog catalog) =>
        catalog.FindOrder(orderNumber) is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(catalog.History(orderNumber).Where(e => since is null || e.At >= since).ToList());

    private static Results<Created<PaymentReceipt>, NotFound, BadRequest<ProblemDetails>> PayOrder(long orderNumber, Payment payment, Catalog catalog, TimeProvider time)
    {
        if (catalog.FindOrder(orderNumber) is not { } order)
        {
            return TypedResults.NotFound();
        }
        if (payment.Amount <= 0 || payment.Amount > order.Total)
        {
            return TypedResults.BadRequest(new ProblemDetails { Title = "Amount out of range" });
        }
        var receipt = new PaymentReceipt(Guid.NewGuid(), orderNumber, payment.Amount, payment is CardPayment ? PaymentState.Settled : PaymentState.Pending, time.GetUtcNow());
        catalog.Record(orderNumber, new OrderEvent(receipt.ReceivedAt, "paid", payment is CardPayment ? "card" : "bank transfer"));
        return TypedResults.Created("/orders/" + orderNumber + "/payments/" + receipt.ReceiptId, receipt);
    }

    private static Ok<Dictionary<string, double>> GetRatings(Catalog catalog) =>
        TypedResults.Ok(catalog.Products
            .SelectMany(p => p.Tags.Select(t => (Tag: t, p.Rating)))
            .Where(x => x.Rating is not null)
            .GroupBy(x => x.Tag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(x => x.Rating!.Value), StringComparer.Ordinal));
}
