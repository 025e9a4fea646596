using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace EnKashGen.Corpus.MinimalApi;

/// <summary>In-memory state, so that every endpoint answers with real data when the API is run by hand.</summary>
public sealed class Catalog
{
    private readonly ConcurrentDictionary<Guid, Product> _products = new();
    private readonly ConcurrentDictionary<long, Order> _orders = new();
    private readonly ConcurrentDictionary<long, List<OrderEvent>> _history = new();

    public Catalog(TimeProvider time)
    {
        var created = time.GetUtcNow();
        var product = new Product
        {
            Id = Guid.Parse("6f1c1c2e-4b0e-4c1e-9a53-0d7c3c1d2a01"),
            Sku = "LAMP-01",
            Name = "Desk lamp",
            Description = "A lamp with an adjustable arm.",
            Price = 39.90m,
            Status = ProductStatus.Active,
            Stock = 12,
            Version = 1,
            CreatedAt = created,
            Tags = new[] { "lighting", "office" },
            Attributes = new Dictionary<string, string> { ["colour"] = "black" },
            Dimensions = new Dimensions(15, 45, 15),
        };
        _products[product.Id] = product;
        _orders[1001] = new Order(1001, Guid.Parse("0c9d5d0a-1f3e-4d57-8b8e-52d2a1c4b7f3"), new[] { new OrderLine("LAMP-01", 2, 39.90m) }, 79.80m, null);
        _history[1001] = new List<OrderEvent> { new(created, "placed", null) };
    }

    public IReadOnlyList<Product> Products => _products.Values.OrderBy(p => p.Sku, StringComparer.Ordinal).ToList();

    public Product? Find(Guid id) => _products.TryGetValue(id, out var product) ? product : null;

    public void Save(Product product) => _products[product.Id] = product;

    public bool Remove(Guid id) => _products.TryRemove(id, out _);

    public Order? FindOrder(long orderNumber) => _orders.TryGetValue(orderNumber, out var order) ? order : null;

    public IReadOnlyList<OrderEvent> History(long orderNumber) => _history.TryGetValue(orderNumber, out var events) ? events : Array.Empty<OrderEvent>();

    public void Record(long orderNumber, OrderEvent e) => _history.GetOrAdd(orderNumber, _ => new List<OrderEvent>()).Add(e);
}
