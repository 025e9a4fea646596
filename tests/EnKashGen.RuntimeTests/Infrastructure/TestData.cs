using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using EnKashGen.RuntimeTests.EnKash;

namespace EnKashGen.RuntimeTests.Infrastructure;

/// <summary>Requests, payloads and clients shared by the tests.</summary>
public static class TestData
{
    public const string Username = "6660686687";
    public const string Password = "pw-Test@1234567";
    public const string ClientId = "CEKEY1SKIU";
    public const string ClientSecret = "EnKash-UAT-secret#2025";
    public const string PartnerId = "CR0042TEST";

    /// <summary>The payload of EnKash's createCard response example (specs/enkash-cards.yaml), unchanged.</summary>
    public const string CardJson = """
        {
            "enKashCardId": "EKC94AEX89",
            "userId": "EK94JCMP",
            "cardAccountId": "CAA8W45",
            "token": "cf5295da683104b6580",
            "maskedNumber": "XXXX XXXX XXXX 3211",
            "expiryMonth": "01",
            "expiryYear": "2027",
            "email": "johnnydew@enkash.com",
            "mobile": "6876543211",
            "title": "Mr",
            "firstName": "Johnny",
            "lastName": "Dew",
            "gender": "M",
            "specialDate": "2000-02-14",
            "address": "123 Street Name",
            "address2": "Apt 456",
            "city": "Pune",
            "state": "Maharashtra",
            "country": "India",
            "pincode": "323908",
            "usedMtd": 0,
            "usedDtd": 0,
            "usedYtd": 0,
            "otbBalance": 500,
            "primaryCard": true,
            "prepaidCard": true,
            "physicalCard": false,
            "deleted": false,
            "closedLoopCard": false,
            "createdOn": "Jan 29, 2025 11:57:51 AM",
            "modifiedOn": "Jan 29, 2025 11:57:51 AM",
            "cardStatus": {
                "name": "UL",
                "label": "UnLocked"
            },
            "kycStatus": {
                "name": "NOT_UPLOADED",
                "label": "Not Uploaded"
            },
            "cardProgramme": "TRANSCORP",
            "useAccountFunds": false,
            "blockCode": "A",
            "remarks": "This is a test card",
            "partnerLogo": "https://imagesbox.enkash.in/IMAGES/EnkashLogo.png",
            "physicalDeliveryAddressFlag": true,
            "deliveryAddress": "789 Delivery St",
            "deliveryAddress2": "Suite 101",
            "deliveryCity": "Mumbai",
            "deliveryState": "Maharashtra",
            "deliveryCountry": "India",
            "deliveryPincode": "323307",
            "cardActivated": false,
            "binType": {
                "name": "GIFT_CARD",
                "label": "Gift Card"
            },
            "loadAmount": 500,
            "companyId": "CEKEP5GSGP",
            "cardKitMasterId": 2,
            "extEntityId": "EXT58EDZTA1U1",
            "switchProvider": "M2P_TRANSCORP",
            "accountBalance": 99500,
            "physicalCardAllowed": false,
            "kitType": {
                "name": "RUPAY",
                "label": "Rupay"
            },
            "surchargeAmt": 0,
            "panValidated": false,
            "usedLtd": 0,
            "latestTnCVersionAccepted": true,
            "latestKeyFactAccepted": false,
            "latestTnCVersionAcceptedForPrimaryCard": true,
            "latestKeyFactAcceptedCardForPrimaryCard": true,
            "tncVersionMasterId": "TVMLP1VK8X",
            "tncUrl": "https://ekpayout-uat.enkash.in/tu/0xl5b7ci",
            "virtualAccountNumber": "ENKASHEDTCEKC94AEX89",
            "limitAllocatedLtd": 0,
            "posAllowed": false,
            "posAllowedAdmin": false,
            "atmAllowed": false,
            "atmAllowedAdmin": false,
            "onlineAllowed": false,
            "onlineAllowedAdmin": false,
            "liveImage": false,
            "cKycEnabled": false,
            "unallocateFundAllowed": false,
            "useParentFundAllowed": false,
            "defaultCardImage": "https://imagesbox.enkash.in/IMAGES/enkash_ppi.png",
            "minKycOtpVerified": false,
            "enKashSupportEmail": "support@enkash.com",
            "enKashSupportMobile": "1234567890",
            "companyName": "Anay Gift",
            "vKycAllowed": false,
            "accountType": {
                "name": "GIFT",
                "label": "Gift",
                "description": "Gift"
            },
            "lastAllocatedAmount": 0,
            "holdBalance": 0,
            "enkashCardTxnId": "ECTNY27ELILVP",
            "unAllocateHoldBalance": 0,
            "tncUnAllocateAllowed": false,
            "tncUnAllocateAccepted": false
        }
        """;

    /// <summary>The card example with some members replaced (or removed when the value is null).</summary>
    public static string CardJsonWith(params (string Name, JsonNode? Value)[] changes)
    {
        var card = JsonNode.Parse(CardJson)!.AsObject();
        foreach (var (name, value) in changes)
        {
            if (value is null)
            {
                card.Remove(name);
            }
            else
            {
                card[name] = value;
            }
        }
        return card.ToJsonString();
    }

    public static string CardEnvelope => FakeEnKashServer.Envelope(CardJson);

    public static EnKashCardsClientOptions Options(Action<EnKashCardsClientOptions>? configure = null)
    {
        var options = new EnKashCardsClientOptions
        {
            Username = Username,
            Password = Password,
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            PartnerId = PartnerId,
        };
        configure?.Invoke(options);
        return options;
    }

    public static EnKashCardsClient Client(FakeEnKashServer server, Action<EnKashCardsClientOptions>? configure = null, EnKashGen.Runtime.IBodyEncryption? encryption = null, EnKashGen.Runtime.BearerTokenCache? tokens = null, EnKashGen.Runtime.IApiLogSink? log = null)
    {
        var options = Options(configure);
        options.Encryption ??= encryption;
        options.TokenCache = tokens ?? options.TokenCache;
        options.Log ??= log;
        return new(new HttpClient(server, disposeHandler: false), options);
    }

    public static CreateCardRequest CreateCardRequest() => new()
    {
        CompanyId = "CEKEP5GSGP",
        CardAccountId = "CABFIPS",
        Mobile = "6001098801",
        Email = "johnny@example.com",
        Title = "Mr",
        FirstName = "johny",
        LastName = "bateman",
        Gender = Gender.Male,
        LoadAmount = 10.0m,
        Documents = new List<HolderDocument> { new() { DocType = DocType.Pan, DocNo = "CPNPN9977R" } },
    };

    /// <summary>A load of 10 onto a card; a null reference is filled by the client before it is sent.</summary>
    public static LoadCardBalanceRequest LoadCardBalanceRequest(string? reference = null) => new()
    {
        CompanyId = "CEKEP5GSGP",
        CardAccountId = "CABFIPS",
        EnKashCardId = "EKCMB7KAEW",
        Amount = 10m,
        TransactionType = TransactionType.Credit,
        UniqueReferenceNumber = reference,
    };

    public static BlockCardRequest BlockCardRequest() => new()
    {
        CompanyId = "CEKEP5GSGP",
        CardAccountId = "CABFIPS",
        EnKashCardId = "EKC94AEX89",
        BlockCode = CardStatusCode.Blocked,
        OtpMedium = OtpMedium.Mobile,
    };

    public static SetCardPinRequest SetCardPinRequest(string pin = "9078") => new()
    {
        CompanyId = "CEKEP5GSGP",
        CardAccountId = "CAA8W45",
        EnKashCardId = "EKC94AEX89",
        PinBlock = pin,
    };
}
