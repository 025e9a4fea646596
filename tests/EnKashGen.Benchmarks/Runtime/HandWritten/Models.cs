using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnKashGen.Benchmarks.Runtime.HandWritten;

// Hand-written equivalents of the generated createCard models: the same JSON names, the same C# types (money as
// decimal, integers as long, open enums as their string value), the same required members, and unknown members kept
// in an extension-data dictionary, as the generated models keep them in AdditionalProperties.

/// <summary>Envelope of createCard: {code, message, response_code, response_message, payload}.</summary>
public sealed class HandCreateCardResponse
{
    [JsonPropertyName("code")]
    public long? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("response_code")]
    public long? ResponseCode { get; set; }

    [JsonPropertyName("response_message")]
    public string? ResponseMessage { get; set; }

    [JsonPropertyName("payload")]
    public HandCard? Payload { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>{name, label} pairs of the card.</summary>
public sealed class HandCardStatus
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class HandKycStatus
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class HandBinType
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class HandKitType
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class HandAccountTypeInfo
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A card with its holder, balances, flags and status (92 members).</summary>
public sealed class HandCard
{
    [JsonPropertyName("enKashCardId")]
    public required string EnKashCardId { get; set; }

    [JsonPropertyName("userId")]
    public required string UserId { get; set; }

    [JsonPropertyName("cardAccountId")]
    public required string CardAccountId { get; set; }

    [JsonPropertyName("token")]
    public string? Token { get; set; }

    [JsonPropertyName("maskedNumber")]
    public required string MaskedNumber { get; set; }

    [JsonPropertyName("expiryMonth")]
    public required string ExpiryMonth { get; set; }

    [JsonPropertyName("expiryYear")]
    public required string ExpiryYear { get; set; }

    [JsonPropertyName("email")]
    public required string Email { get; set; }

    [JsonPropertyName("mobile")]
    public required string Mobile { get; set; }

    [JsonPropertyName("title")]
    public required string Title { get; set; }

    [JsonPropertyName("firstName")]
    public required string FirstName { get; set; }

    [JsonPropertyName("lastName")]
    public required string LastName { get; set; }

    [JsonPropertyName("gender")]
    public required string Gender { get; set; }

    [JsonPropertyName("specialDate")]
    public required string SpecialDate { get; set; }

    [JsonPropertyName("address")]
    public required string Address { get; set; }

    [JsonPropertyName("address2")]
    public required string Address2 { get; set; }

    [JsonPropertyName("city")]
    public required string City { get; set; }

    [JsonPropertyName("state")]
    public required string State { get; set; }

    [JsonPropertyName("country")]
    public required string Country { get; set; }

    [JsonPropertyName("pincode")]
    public required string Pincode { get; set; }

    [JsonPropertyName("usedMtd")]
    public decimal? UsedMtd { get; set; }

    [JsonPropertyName("usedDtd")]
    public decimal? UsedDtd { get; set; }

    [JsonPropertyName("usedYtd")]
    public decimal? UsedYtd { get; set; }

    [JsonPropertyName("usedLtd")]
    public decimal? UsedLtd { get; set; }

    [JsonPropertyName("otbBalance")]
    public required decimal OtbBalance { get; set; }

    [JsonPropertyName("primaryCard")]
    public required bool PrimaryCard { get; set; }

    [JsonPropertyName("prepaidCard")]
    public required bool PrepaidCard { get; set; }

    [JsonPropertyName("physicalCard")]
    public required bool PhysicalCard { get; set; }

    [JsonPropertyName("deleted")]
    public bool? Deleted { get; set; }

    [JsonPropertyName("closedLoopCard")]
    public bool? ClosedLoopCard { get; set; }

    [JsonPropertyName("createdOn")]
    public string? CreatedOn { get; set; }

    [JsonPropertyName("modifiedOn")]
    public string? ModifiedOn { get; set; }

    [JsonPropertyName("cardStatus")]
    public required HandCardStatus CardStatus { get; set; }

    [JsonPropertyName("kycStatus")]
    public required HandKycStatus KycStatus { get; set; }

    [JsonPropertyName("cardProgramme")]
    public string? CardProgramme { get; set; }

    [JsonPropertyName("useAccountFunds")]
    public bool? UseAccountFunds { get; set; }

    [JsonPropertyName("blockCode")]
    public string? BlockCode { get; set; }

    [JsonPropertyName("remarks")]
    public string? Remarks { get; set; }

    [JsonPropertyName("partnerLogo")]
    public string? PartnerLogo { get; set; }

    [JsonPropertyName("pan")]
    public string? Pan { get; set; }

    [JsonPropertyName("physicalCardRequestDate")]
    public string? PhysicalCardRequestDate { get; set; }

    [JsonPropertyName("physicalDeliveryAddressFlag")]
    public required bool PhysicalDeliveryAddressFlag { get; set; }

    [JsonPropertyName("deliveryAddress")]
    public required string DeliveryAddress { get; set; }

    [JsonPropertyName("deliveryAddress2")]
    public required string DeliveryAddress2 { get; set; }

    [JsonPropertyName("deliveryCity")]
    public required string DeliveryCity { get; set; }

    [JsonPropertyName("deliveryState")]
    public required string DeliveryState { get; set; }

    [JsonPropertyName("deliveryCountry")]
    public required string DeliveryCountry { get; set; }

    [JsonPropertyName("deliveryPincode")]
    public required string DeliveryPincode { get; set; }

    [JsonPropertyName("cardActivated")]
    public required bool CardActivated { get; set; }

    [JsonPropertyName("binType")]
    public HandBinType? BinType { get; set; }

    [JsonPropertyName("loadAmount")]
    public required decimal LoadAmount { get; set; }

    [JsonPropertyName("companyId")]
    public required string CompanyId { get; set; }

    [JsonPropertyName("cardKitMasterId")]
    public long? CardKitMasterId { get; set; }

    [JsonPropertyName("extEntityId")]
    public string? ExtEntityId { get; set; }

    [JsonPropertyName("switchProvider")]
    public string? SwitchProvider { get; set; }

    [JsonPropertyName("accountBalance")]
    public required decimal AccountBalance { get; set; }

    [JsonPropertyName("physicalCardAllowed")]
    public required bool PhysicalCardAllowed { get; set; }

    [JsonPropertyName("kitType")]
    public HandKitType? KitType { get; set; }

    [JsonPropertyName("surchargeAmt")]
    public decimal? SurchargeAmt { get; set; }

    [JsonPropertyName("panValidated")]
    public required bool PanValidated { get; set; }

    [JsonPropertyName("latestTnCVersionAccepted")]
    public bool? LatestTnCVersionAccepted { get; set; }

    [JsonPropertyName("latestKeyFactAccepted")]
    public bool? LatestKeyFactAccepted { get; set; }

    [JsonPropertyName("latestTnCVersionAcceptedForPrimaryCard")]
    public bool? LatestTnCVersionAcceptedForPrimaryCard { get; set; }

    [JsonPropertyName("latestKeyFactAcceptedCardForPrimaryCard")]
    public bool? LatestKeyFactAcceptedCardForPrimaryCard { get; set; }

    [JsonPropertyName("tncVersionMasterId")]
    public string? TncVersionMasterId { get; set; }

    [JsonPropertyName("tncUrl")]
    public string? TncUrl { get; set; }

    [JsonPropertyName("partnerTncUrl")]
    public string? PartnerTncUrl { get; set; }

    [JsonPropertyName("virtualAccountNumber")]
    public string? VirtualAccountNumber { get; set; }

    [JsonPropertyName("limitAllocatedLtd")]
    public decimal? LimitAllocatedLtd { get; set; }

    [JsonPropertyName("posAllowed")]
    public required bool PosAllowed { get; set; }

    [JsonPropertyName("posAllowedAdmin")]
    public required bool PosAllowedAdmin { get; set; }

    [JsonPropertyName("atmAllowed")]
    public required bool AtmAllowed { get; set; }

    [JsonPropertyName("atmAllowedAdmin")]
    public required bool AtmAllowedAdmin { get; set; }

    [JsonPropertyName("onlineAllowed")]
    public required bool OnlineAllowed { get; set; }

    [JsonPropertyName("onlineAllowedAdmin")]
    public required bool OnlineAllowedAdmin { get; set; }

    [JsonPropertyName("liveImage")]
    public bool? LiveImage { get; set; }

    [JsonPropertyName("cKycEnabled")]
    public bool? CKycEnabled { get; set; }

    [JsonPropertyName("unallocateFundAllowed")]
    public required bool UnallocateFundAllowed { get; set; }

    [JsonPropertyName("useParentFundAllowed")]
    public bool? UseParentFundAllowed { get; set; }

    [JsonPropertyName("defaultCardImage")]
    public string? DefaultCardImage { get; set; }

    [JsonPropertyName("minKycOtpVerified")]
    public bool? MinKycOtpVerified { get; set; }

    [JsonPropertyName("enKashSupportEmail")]
    public string? EnKashSupportEmail { get; set; }

    [JsonPropertyName("enKashSupportMobile")]
    public string? EnKashSupportMobile { get; set; }

    [JsonPropertyName("companyName")]
    public required string CompanyName { get; set; }

    [JsonPropertyName("vKycAllowed")]
    public bool? VKycAllowed { get; set; }

    [JsonPropertyName("accountType")]
    public required HandAccountTypeInfo AccountType { get; set; }

    [JsonPropertyName("lastAllocatedAmount")]
    public required decimal LastAllocatedAmount { get; set; }

    [JsonPropertyName("holdBalance")]
    public decimal? HoldBalance { get; set; }

    [JsonPropertyName("enkashCardTxnId")]
    public required string EnkashCardTxnId { get; set; }

    [JsonPropertyName("unAllocateHoldBalance")]
    public decimal? UnAllocateHoldBalance { get; set; }

    [JsonPropertyName("tncUnAllocateAllowed")]
    public bool? TncUnAllocateAllowed { get; set; }

    [JsonPropertyName("tncUnAllocateAccepted")]
    public bool? TncUnAllocateAccepted { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Body of createCard.</summary>
public sealed class HandCreateCardRequest
{
    [JsonPropertyName("userId")]
    public string? UserId { get; set; }

    [JsonPropertyName("companyId")]
    public required string CompanyId { get; set; }

    [JsonPropertyName("cardAccountId")]
    public required string CardAccountId { get; set; }

    [JsonPropertyName("email")]
    public string? Email { get; set; }

    [JsonPropertyName("mobile")]
    public string? Mobile { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("firstName")]
    public string? FirstName { get; set; }

    [JsonPropertyName("middleName")]
    public string? MiddleName { get; set; }

    [JsonPropertyName("lastName")]
    public string? LastName { get; set; }

    [JsonPropertyName("gender")]
    public string? Gender { get; set; }

    [JsonPropertyName("specialDate")]
    public string? SpecialDate { get; set; }

    [JsonPropertyName("address")]
    public string? Address { get; set; }

    [JsonPropertyName("address2")]
    public string? Address2 { get; set; }

    [JsonPropertyName("city")]
    public string? City { get; set; }

    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("country")]
    public string? Country { get; set; }

    [JsonPropertyName("pincode")]
    public string? Pincode { get; set; }

    [JsonPropertyName("primaryEnKashCard")]
    public bool? PrimaryEnKashCard { get; set; }

    [JsonPropertyName("physicalCard")]
    public bool? PhysicalCard { get; set; }

    [JsonPropertyName("loadAmount")]
    public decimal? LoadAmount { get; set; }

    [JsonPropertyName("remarks")]
    public string? Remarks { get; set; }

    [JsonPropertyName("physicalDeliveryAddressFlag")]
    public bool? PhysicalDeliveryAddressFlag { get; set; }

    [JsonPropertyName("deliveryAddress")]
    public string? DeliveryAddress { get; set; }

    [JsonPropertyName("deliveryAddress2")]
    public string? DeliveryAddress2 { get; set; }

    [JsonPropertyName("deliveryCity")]
    public string? DeliveryCity { get; set; }

    [JsonPropertyName("deliveryState")]
    public string? DeliveryState { get; set; }

    [JsonPropertyName("deliveryCountry")]
    public string? DeliveryCountry { get; set; }

    [JsonPropertyName("deliveryPincode")]
    public string? DeliveryPincode { get; set; }

    [JsonPropertyName("documents")]
    public List<HandHolderDocument>? Documents { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

public sealed class HandHolderDocument
{
    [JsonPropertyName("docType")]
    public string? DocType { get; set; }

    [JsonPropertyName("docNo")]
    public string? DocNo { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>System.Text.Json source generation for the hand-written models (nulls are left out, as the generated writers do).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HandCreateCardResponse))]
[JsonSerializable(typeof(HandCard))]
[JsonSerializable(typeof(HandCreateCardRequest))]
public sealed partial class HandJsonContext : JsonSerializerContext
{
}
