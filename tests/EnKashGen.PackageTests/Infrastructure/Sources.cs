namespace EnKashGen.PackageTests.Infrastructure;

/// <summary>The specs and programs the consumer projects are made of (the README's "Use it in your project" section shows the same).</summary>
internal static class Sources
{
    /// <summary>Zero configuration: calls the EnKash card client generated from the package's bundled spec.</summary>
    public const string ZeroConfigProgram = """"
        using System.Net;
        using System.Text;
        using EnKash.Cards;

        using var http = new HttpClient(new FakeEnKash());
        var client = new EnKashCardsClient(http, new EnKashCardsClientOptions
        {
            Username = "9876543210",
            Password = "partner-password",
            ClientId = "CEKEY1SKIU",
            ClientSecret = "client-secret",
            PartnerId = "CR1234567",
        });

        LoadCardBalanceResult result = await client.Cards.LoadCardBalanceAsync(new LoadCardBalanceRequest
        {
            EnKashCardId = "EKC-1001",
            Amount = 250.00m,
            TransactionType = TransactionType.Credit,
        });
        Console.WriteLine($"sent: {FakeEnKash.LastBody}");
        Console.WriteLine($"loaded {result.EnKashCardId}: balance {result.OtbBalance}");

        /// <summary>Stands in for EnKash's UAT servers, so the call runs without credentials or network access.</summary>
        sealed class FakeEnKash : HttpMessageHandler
        {
            public static string? LastBody { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                LastBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
                var json = request.RequestUri!.AbsolutePath switch
                {
                    "/oauth/token" => """{"access_token":"t0k3n","token_type":"bearer","refresh_token":"r3fresh","expires_in":86399,"scope":"read write"}""",
                    "/api/v0/partner/enKashCard/balance" => """{"code":0,"message":"Success","payload":{"enKashCardId":"EKC-1001","otbBalance":250.0}}""",
                    _ => null,
                };
                return json is null
                    ? new HttpResponseMessage(HttpStatusCode.NotFound)
                    : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            }
        }

        """";

    /// <summary>A small OpenAPI 3.0 document of the project's own (before the edit of the regeneration test).</summary>
    public const string PetsSpec = """
        openapi: 3.0.3
        info:
          title: Pets
          version: 1.0.0
        servers:
          - url: https://pets.example
        paths:
          /pets/{petId}:
            get:
              operationId: getPet
              tags: [Pets]
              parameters:
                - name: petId
                  in: path
                  required: true
                  schema:
                    type: integer
                    format: int64
              responses:
                '200':
                  description: The pet.
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Pet'
        components:
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id:
                  type: integer
                  format: int64
                name:
                  type: string
                tag:
                  type: string

        """;

    /// <summary><see cref="PetsSpec"/> after an edit: Pet gains <c>nickname</c> and loses <c>tag</c>.</summary>
    public static string PetsSpecEdited => PetsSpec.Replace("""
                tag:
                  type: string
        """, """
                nickname:
                  type: string
        """);

    /// <summary>Calls the client generated from <see cref="PetsSpec"/> and reports whether the EnKash default client exists.</summary>
    public const string PetsProgram = """"
        using System.Net;
        using System.Text;
        using Acme.Pets;

        using var http = new HttpClient(new FakePets());
        var client = new PetsClient(http, new PetsClientOptions());

        Pet pet = await client.Pets.GetPetAsync(7);
        Console.WriteLine($"pet {pet.Id}: {pet.Name}, tag {pet.Tag}");
        Console.WriteLine($"default EnKash client generated: {typeof(Pet).Assembly.GetType("EnKash.Cards.EnKashCardsClient") is not null}");
        Console.WriteLine($"PetsClient is public: {typeof(PetsClient).IsPublic}");

        sealed class FakePets : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(request.RequestUri!.AbsolutePath == "/pets/7"
                    ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"id":7,"name":"Rex","tag":"dog","nickname":"Rexy"}""", Encoding.UTF8, "application/json") }
                    : new HttpResponseMessage(HttpStatusCode.NotFound));
        }

        """";

    /// <summary><see cref="PetsProgram"/> after the spec edit: uses the new property, checks the removed one is gone.</summary>
    public static string PetsProgramEdited => PetsProgram
        .Replace("""Console.WriteLine($"pet {pet.Id}: {pet.Name}, tag {pet.Tag}");""",
                 """
                 Console.WriteLine($"pet {pet.Id}: {pet.Name}, nickname {pet.Nickname}");
                 Console.WriteLine($"Pet.Tag still generated: {typeof(Pet).GetProperty("Tag") is not null}");
                 """);

    /// <summary>Lists every type the generator could have added (namespaces EnKash.* and EnKashGen.*).</summary>
    public const string NoDefaultSpecProgram = """
        var generated = typeof(Program).Assembly.GetTypes().Count(t => t.Namespace?.StartsWith("EnKash", StringComparison.Ordinal) == true);
        Console.WriteLine($"generated types: {generated}");

        """;

    /// <summary>
    /// A CI-style client of the enkash-sandbox tool, with the EnKash client generated from the EnKashGen package: reads the
    /// ENKASH_* variables the tool printed, creates an account and a card, and loads it through a lost answer (the tool
    /// runs with --faultScript loadCardBalance:ApplyThenServerError and --loadDeduplication ReplayOriginal).
    /// </summary>
    public const string ToolClientProgram = """
        using System.Globalization;
        using EnKash.Cards;
        using EnKashGen.Runtime;

        string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException(name + " is not set");
        using var http = new HttpClient();
        var client = new EnKashCardsClient(http, new EnKashCardsClientOptions
        {
            BaseUrl = new Uri(Env("ENKASH_BASE_URL")),
            TokenUrl = new Uri(Env("ENKASH_TOKEN_URL")),
            Username = Env("ENKASH_USERNAME"),
            Password = Env("ENKASH_PASSWORD"),
            ClientId = Env("ENKASH_CLIENT_ID"),
            ClientSecret = Env("ENKASH_CLIENT_SECRET"),
            PartnerId = Env("ENKASH_PARTNER_ID"),
            EncryptionEnabled = bool.Parse(Env("ENKASH_ENCRYPTION")),
        });
        var companyId = Env("ENKASH_COMPANY_ID");

        var account = await client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
        {
            CompanyId = companyId,
            CompanyName = "Package Test Pvt Ltd",
            PlanMasterId = Env("ENKASH_PLAN_MASTER_ID"),
            Email = "admin@example.com",
            Mobile = "9876543210",
            AccountTitle = "Prepaid",
            AccountType = CardAccountType.ReloadableGpr,
        });
        var card = await client.Cards.CreateCardAsync(new CreateCardRequest
        {
            CompanyId = companyId,
            CardAccountId = account.CardAccountId!,
            Mobile = "9123456780",
            FirstName = "Asha",
            LastName = "Rao",
        });
        Console.WriteLine($"card {card.EnKashCardId} in {account.CardAccountId}");

        var load = new LoadCardBalanceRequest
        {
            CompanyId = companyId,
            CardAccountId = card.CardAccountId,
            EnKashCardId = card.EnKashCardId,
            Amount = 100.00m,
            TransactionType = TransactionType.Credit,
            UniqueReferenceNumber = "PKG-TOOL-1",
        };
        try
        {
            await client.Cards.LoadCardBalanceAsync(load);
            Console.WriteLine("first load: answered");
        }
        catch (ApiHttpException ex)
        {
            Console.WriteLine($"first load: HTTP {ex.StatusCode}");
        }
        var found = await client.Transactions.GetTransactionDetailsAsync(new GetTransactionDetailsRequest { CompanyId = companyId, CardAccountId = account.CardAccountId!, PgReferenceNumber = "PKG-TOOL-1" });
        Console.WriteLine($"transactions with PKG-TOOL-1: {found.Count}");
        var replay = await client.Cards.LoadCardBalanceAsync(load);
        Console.WriteLine("replayed load: balance " + replay.OtbBalance?.ToString("0.00", CultureInfo.InvariantCulture));

        """;

    /// <summary>
    /// A test-style program that references both EnKashGen (public EnKash client and runtime) and EnKashGen.Sandbox
    /// (whose generated models are internal): starts the sandbox in-process, makes card calls through the encrypting
    /// partner, and asserts on the sandbox's counters after a lost answer.
    /// </summary>
    public const string InProcessSandboxProgram = """
        using System.Globalization;
        using EnKash.Cards;
        using EnKashGen.Runtime;
        using EnKashGen.Sandbox;

        await using var server = await SandboxServer.StartAsync(new SandboxOptions { LoadDeduplication = LoadDeduplication.ReplayOriginal });
        var partner = server.Partner(encrypted: true);
        using var http = new HttpClient();
        var client = new EnKashCardsClient(http, new EnKashCardsClientOptions
        {
            BaseUrl = server.BaseUrl,
            TokenUrl = server.TokenUrl,
            Username = partner.Username,
            Password = partner.Password,
            ClientId = partner.ClientId,
            ClientSecret = partner.ClientSecret,
            PartnerId = partner.PartnerId,
            EncryptionEnabled = partner.EncryptionEnabled,
        });

        var account = await client.CardAccounts.CreateCardAccountAsync(new CreateCardAccountRequest
        {
            CompanyId = partner.CompanyId,
            CompanyName = partner.CompanyName,
            PlanMasterId = partner.PlanMasterId,
            Email = "admin@example.com",
            Mobile = "9876543210",
            AccountTitle = "Prepaid",
            AccountType = CardAccountType.ReloadableGpr,
        });
        var card = await client.Cards.CreateCardAsync(new CreateCardRequest
        {
            CompanyId = partner.CompanyId,
            CardAccountId = account.CardAccountId!,
            Mobile = "9123456780",
            FirstName = "Asha",
        });
        var load = new LoadCardBalanceRequest
        {
            CompanyId = partner.CompanyId,
            CardAccountId = card.CardAccountId,
            EnKashCardId = card.EnKashCardId,
            Amount = 250.00m,
            TransactionType = TransactionType.Credit,
            UniqueReferenceNumber = "PKG-INPROC-1",
        };

        server.ScriptFault("loadCardBalance", SandboxFault.ApplyThenDropConnection);
        try
        {
            await client.Cards.LoadCardBalanceAsync(load);
            Console.WriteLine("first load: answered");
        }
        catch (ApiConnectionException)
        {
            Console.WriteLine("first load: connection lost");
        }
        var replay = await client.Cards.LoadCardBalanceAsync(load);
        Console.WriteLine("replayed load: balance " + replay.OtbBalance?.ToString("0.00", CultureInfo.InvariantCulture));
        Console.WriteLine($"applied: {server.Counters.LoadsApplied("PKG-INPROC-1")}, replays: {server.Counters.LoadReplays("PKG-INPROC-1")}, card balance {server.FindCard(card.EnKashCardId)!.Balance.ToString("0.00", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"sandbox wire types public: {typeof(SandboxServer).Assembly.GetTypes().Any(t => t.IsPublic && t.Namespace != "EnKashGen.Sandbox")}");

        """;
}
