using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using EnKashGen.RuntimeTests.EnKash;
using Xunit;

namespace EnKashGen.RuntimeTests;

/// <summary>The public surface generated from specs/enkash-cards.yaml reads the way its operations do.</summary>
public class GeneratedApiShapeTests
{
    private const string Namespace = "EnKashGen.RuntimeTests.EnKash";

    private static readonly Type[] PublicTypes = typeof(EnKashCardsClient).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == Namespace && !t.IsNested)
        .ToArray();

    /// <summary>The operation methods of the client's groups (Cards, CardSecurity, ...).</summary>
    private static IEnumerable<MethodInfo> OperationMethods() => typeof(EnKashCardsClient).GetProperties()
        .Where(p => p.PropertyType.IsNested && p.PropertyType.DeclaringType == typeof(EnKashCardsClient) && p.PropertyType.Name.EndsWith("Operations", StringComparison.Ordinal))
        .SelectMany(p => p.PropertyType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && !m.Name.StartsWith("Reconcile", StringComparison.Ordinal));

    [Fact]
    public void The_only_reconciliation_is_the_loads_and_it_takes_the_load_and_answers_its_result_or_null()
    {
        var lookups = typeof(EnKashCardsClient).GetNestedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Reconcile", StringComparison.Ordinal))
            .ToList();
        var reconcile = Assert.Single(lookups);
        Assert.Equal("ReconcileLoadCardBalanceAsync", reconcile.Name);
        Assert.Equal(typeof(EnKashCardsClient.CardsOperations), reconcile.DeclaringType);
        Assert.Equal(typeof(LoadCardBalanceRequest), reconcile.GetParameters()[0].ParameterType);
        Assert.Equal(typeof(Task<LoadCardBalanceResult>), reconcile.ReturnType);
        var nullability = new NullabilityInfoContext().Create(reconcile.ReturnParameter);
        Assert.Equal(NullabilityState.Nullable, nullability.GenericTypeArguments[0].ReadState);
    }

    [Fact]
    public void No_envelope_is_a_public_type()
    {
        // The client unwraps {code, message, payload} itself; a type for the wrapper would be one no method returns.
        var envelopes = PublicTypes
            .Where(t => t.Name.EndsWith("Response", StringComparison.Ordinal) || t.Name.Contains("Envelope", StringComparison.Ordinal)
                || (t.GetProperty("Payload") is not null && (t.GetProperty("Code") is not null || t.GetProperty("ResponseCode") is not null)))
            .Select(t => t.Name)
            .ToList();
        Assert.Empty(envelopes);
        Assert.Contains(typeof(Card), PublicTypes);
    }

    [Fact]
    public void Every_operation_takes_its_own_request_and_returns_a_payload()
    {
        var methods = OperationMethods().ToList();
        Assert.Equal(14, methods.Count);
        var problems = new List<string>();
        foreach (var method in methods)
        {
            var operation = method.Name.Substring(0, method.Name.Length - "Async".Length);
            var body = method.GetParameters().FirstOrDefault(p => p.ParameterType.Namespace == Namespace);
            if (body is not null && body.ParameterType.Name != operation + "Request")
            {
                problems.Add($"{method.Name} takes {body.ParameterType.Name}");
            }
            var returned = method.ReturnType.GetGenericArguments().Single();
            if (returned.Namespace == Namespace && returned.Name != operation + "Result" && returned != typeof(Card) && returned != typeof(CardAccount))
            {
                problems.Add($"{method.Name} returns {returned.Name}");
            }
        }
        Assert.Empty(problems);

        Assert.Equal(typeof(Task<LoadCardBalanceResult>), Method("LoadCardBalanceAsync").ReturnType);
        Assert.Equal(typeof(LoadCardBalanceRequest), Method("LoadCardBalanceAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(SetCardPinRequest), Method("SetCardPinAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(GenerateCardOtpRequest), Method("GenerateCardOtpAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(GetCardDetailsRequest), Method("GetCardDetailsAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(GetVelocityRulesRequest), Method("GetVelocityRulesAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(Task<GetVelocityRulesResult>), Method("GetVelocityRulesAsync").ReturnType);
        Assert.Equal(typeof(UpdateVelocityRulesRequest), Method("UpdateVelocityRulesAsync").GetParameters()[0].ParameterType);
        Assert.Equal(typeof(Task<GetPartnerTokenResult>), Method("GetPartnerTokenAsync").ReturnType);
        Assert.Equal(typeof(Task<Card>), Method("CreateCardAsync").ReturnType);
        Assert.Equal(typeof(Task<Card>), Method("GetCardDetailsAsync").ReturnType);
    }

    [Fact]
    public void Each_value_set_has_one_enum()
    {
        var enums = PublicTypes.Where(t => t.IsValueType && t.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static) is not null).ToList();
        Assert.Contains(typeof(CardStatusCode), enums);
        var duplicates = enums
            .GroupBy(t => string.Join("|", ((System.Collections.IEnumerable)t.GetProperty("KnownValues")!.GetValue(null)!).Cast<object>().Select(v => v.ToString()).OrderBy(v => v, StringComparer.Ordinal)), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(t => t.Name)))
            .ToList();
        Assert.Empty(duplicates);
        Assert.DoesNotContain(PublicTypes, t => t.Name is "BlockCode" or "CardAccountTypeCode");
        Assert.Equal(new[] { "L", "UL", "BL", "AP" }, CardStatusCode.KnownValues.Select(v => v.Value));
    }

    [Fact]
    public void Answers_use_the_enums_requests_use()
    {
        Assert.Equal(typeof(CardStatusCode), typeof(BlockCardRequest).GetProperty(nameof(BlockCardRequest.BlockCode))!.PropertyType);
        Assert.Equal(typeof(CardStatusCode?), typeof(CardStatus).GetProperty(nameof(CardStatus.Name))!.PropertyType);
        Assert.Equal(typeof(Gender?), typeof(CreateCardRequest).GetProperty(nameof(CreateCardRequest.Gender))!.PropertyType);
        Assert.Equal(typeof(Gender?), typeof(Card).GetProperty(nameof(Card.Gender))!.PropertyType);
        Assert.Equal(typeof(CardAccountType), typeof(CreateCardAccountRequest).GetProperty(nameof(CreateCardAccountRequest.AccountType))!.PropertyType);
        Assert.Equal(typeof(CardAccountType?), typeof(AccountTypeInfo).GetProperty(nameof(AccountTypeInfo.Name))!.PropertyType);
        Assert.Equal(typeof(TransactionStatus?), typeof(CardTransaction).GetProperty(nameof(CardTransaction.Status))!.PropertyType);
        Assert.Equal(typeof(TransactionStatus?), typeof(GetTransactionDetailsRequest).GetProperty(nameof(GetTransactionDetailsRequest.Status))!.PropertyType);
        Assert.Equal(typeof(BalanceEntryType?), typeof(CardTransaction).GetProperty(nameof(CardTransaction.Type))!.PropertyType);
        Assert.Equal(typeof(BalanceEntryType?), typeof(LoadCardBalanceRequest).GetProperty(nameof(LoadCardBalanceRequest.Type))!.PropertyType);

        // The one text left: a card's block code is not its status (the documented card is UL with block code "A").
        Assert.Equal(typeof(string), typeof(Card).GetProperty(nameof(Card.BlockCode))!.PropertyType);
    }

    [Fact]
    public void Only_the_card_id_of_a_card_is_required()
    {
        var required = typeof(Card).GetProperties()
            .Where(p => p.GetCustomAttributes().Any(a => a.GetType().FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute"))
            .Select(p => p.Name)
            .ToList();
        Assert.Equal(new[] { nameof(Card.EnKashCardId) }, required);
        Assert.Equal(typeof(decimal?), typeof(Card).GetProperty(nameof(Card.OtbBalance))!.PropertyType);
        Assert.Equal(typeof(bool?), typeof(Card).GetProperty(nameof(Card.PrimaryCard))!.PropertyType);
    }

    private static MethodInfo Method(string name) => OperationMethods().Single(m => m.Name == name);
}
