using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EnKashGen.Corpus.MinimalApi;

/// <summary>Where a product is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductStatus>))]
public enum ProductStatus
{
    Draft,
    Active,
    Discontinued,
}

[JsonConverter(typeof(JsonStringEnumConverter<PaymentState>))]
public enum PaymentState
{
    Pending,
    Settled,
    Rejected,
}

/// <summary>A product of the catalogue.</summary>
public sealed record Product
{
    public required Guid Id { get; init; }

    /// <summary>Stock keeping unit, unique in the catalogue.</summary>
    public required string Sku { get; init; }

    public required string Name { get; init; }

    /// <summary>Free text shown on the product page; absent for drafts.</summary>
    public string? Description { get; init; }

    public required decimal Price { get; init; }

    public required ProductStatus Status { get; init; }

    /// <summary>Units on hand.</summary>
    public required int Stock { get; init; }

    /// <summary>Optimistic concurrency version, sent back in If-Match.</summary>
    public required long Version { get; init; }

    /// <summary>Average customer rating from 0 to 5; absent until the first review.</summary>
    public double? Rating { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateOnly? AvailableFrom { get; init; }

    public Uri? Homepage { get; init; }

    /// <summary>A small PNG preview.</summary>
    public byte[]? Thumbnail { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public Dimensions? Dimensions { get; init; }
}

public sealed record Dimensions(double WidthCm, double HeightCm, double DepthCm);

/// <summary>What a caller sends to create a product.</summary>
public sealed record NewProduct
{
    [Required]
    [StringLength(32, MinimumLength = 3)]
    [RegularExpression("^[A-Z0-9-]+$")]
    public required string Sku { get; init; }

    [Required]
    [StringLength(200)]
    public required string Name { get; init; }

    public string? Description { get; init; }

    [Range(0.01, 100000)]
    public required decimal Price { get; init; }

    [DefaultValue(ProductStatus.Draft)]
    public ProductStatus Status { get; init; } = ProductStatus.Draft;

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public Dimensions? Dimensions { get; init; }
}

public sealed record ProductPage(IReadOnlyList<Product> Items, int Page, int PageSize, long Total);

public sealed record ProductImage(Guid ProductId, string FileName, string ContentType, long Length, string? Caption);

/// <summary>A payment towards an order; the method decides which members it has.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "method")]
[JsonDerivedType(typeof(CardPayment), "card")]
[JsonDerivedType(typeof(BankTransferPayment), "bankTransfer")]
public abstract record Payment
{
    public required decimal Amount { get; init; }

    /// <summary>ISO 4217 code.</summary>
    [StringLength(3, MinimumLength = 3)]
    public required string Currency { get; init; }
}

public sealed record CardPayment : Payment
{
    /// <summary>A token from the card vault; never the card number.</summary>
    public required string CardToken { get; init; }

    public int? Installments { get; init; }
}

public sealed record BankTransferPayment : Payment
{
    public required string Iban { get; init; }

    public string? Reference { get; init; }

    public DateOnly? ExecuteOn { get; init; }
}

public sealed record PaymentReceipt(Guid ReceiptId, long OrderNumber, decimal Amount, PaymentState State, DateTimeOffset ReceivedAt);

public sealed record Order(long OrderNumber, Guid CustomerId, IReadOnlyList<OrderLine> Lines, decimal Total, string? Notes);

public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

public sealed record OrderEvent(DateTimeOffset At, string Kind, string? Detail);
