using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using EnKashGen.Sandbox.Wire;

namespace EnKashGen.Sandbox
{
    /// <summary>A request the sandbox refuses: HTTP 200 with code 1 for business rules (as EnKash does), 400 for malformed or invalid input.</summary>
    internal sealed class SandboxRejection : Exception
    {
        public SandboxRejection(int status, string message)
            : base(message)
        {
            Status = status;
        }

        public int Status { get; }

        public static SandboxRejection Business(string message) => new SandboxRejection(200, message);

        public static SandboxRejection BadRequest(string message) => new SandboxRejection(400, message);
    }

    /// <summary>
    /// The sandbox's accounts, cards, balances, transactions, velocity rules and OTP requests, with EnKash's lifecycle:
    /// a card account has a type; cards are issued under an account and take its type; a gift card must be funded at
    /// creation and can never be loaded afterwards; loads are CR only and move funds from the account to the card; every
    /// movement is a transaction; blockCode moves a card between UL, L, BL (final) and AP. One lock guards everything:
    /// calls are short, and correctness under 50 concurrent callers matters more than throughput.
    /// </summary>
    internal sealed class SandboxState
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

        private readonly object _gate = new object();
        private readonly SandboxOptions _options;
        private readonly Random _random;
        private readonly Dictionary<string, AccountRecord> _accounts = new Dictionary<string, AccountRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, CardRecord> _cards = new Dictionary<string, CardRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, UserRecord> _users = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        private readonly List<TransactionRecord> _transactions = new List<TransactionRecord>();
        private readonly Dictionary<string, OtpRecord> _otps = new Dictionary<string, OtpRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, AppliedLoad> _loadsByReference = new Dictionary<string, AppliedLoad>(StringComparer.Ordinal);
        private readonly SandboxCounters _counters;
        private readonly HashSet<string> _ids = new HashSet<string>(StringComparer.Ordinal);

        public SandboxState(SandboxOptions options, SandboxCounters counters)
        {
            _options = options;
            _counters = counters;
            _random = new Random(options.Seed);
        }

        private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

        // ------------------------------------------------------------ card accounts

        public CardAccount CreateCardAccount(SandboxPartner partner, CreateCardAccountRequest request)
        {
            lock (_gate)
            {
                RequireCompany(partner, request.CompanyId);
                if (!string.Equals(request.PlanMasterId, partner.PlanMasterId, StringComparison.Ordinal))
                {
                    throw SandboxRejection.Business("Invalid planMasterId for company " + request.CompanyId);
                }
                if (!request.AccountType.IsKnown)
                {
                    throw SandboxRejection.Business("Unsupported accountType " + request.AccountType.Value);
                }
                var account = new AccountRecord(NewId("CA", 7), partner.PartnerId, request.CompanyId, request.CompanyName, request.AccountType.Value, request.AccountTitle, _options.InitialAccountBalance, Now);
                _accounts.Add(account.CardAccountId, account);
                return ToCardAccount(account);
            }
        }

        public CardAccount GetCardAccount(SandboxPartner partner, GetCardAccountRequest request)
        {
            lock (_gate)
            {
                return ToCardAccount(FindAccount(partner, request.CompanyId, request.CardAccountId));
            }
        }

        // -------------------------------------------------------------------- cards

        public Card CreateCard(SandboxPartner partner, CreateCardRequest request)
        {
            lock (_gate)
            {
                var account = FindAccount(partner, request.CompanyId, request.CardAccountId);
                var gift = account.IsGift;
                var load = request.LoadAmount ?? 0m;
                if (load < 0)
                {
                    throw SandboxRejection.Business("loadAmount must not be negative");
                }
                if (gift && load <= 0)
                {
                    throw SandboxRejection.Business("loadAmount is mandatory for gift cards: a gift card is funded once, at creation");
                }
                if (load > account.AvailableBalance)
                {
                    throw SandboxRejection.Business("Insufficient balance in card account");
                }

                UserRecord user;
                if (request.UserId is { } userId)
                {
                    if (!_users.TryGetValue(userId, out var existing) || existing.PartnerId != partner.PartnerId)
                    {
                        throw SandboxRejection.Business("User " + userId + " not found");
                    }
                    user = existing;
                }
                else
                {
                    if (string.IsNullOrWhiteSpace(request.Mobile) || string.IsNullOrWhiteSpace(request.FirstName))
                    {
                        throw SandboxRejection.Business("mobile and firstName are required to create a new card holder");
                    }
                    user = new UserRecord(NewId("EK", 6), partner.PartnerId, request);
                    _users.Add(user.UserId, user);
                }

                var now = Now;
                var card = new CardRecord(NewId("EKC", 7), account, user, gift, now)
                {
                    PhysicalCard = request.PhysicalCard ?? false,
                    Remarks = request.Remarks,
                    Delivery = request.PhysicalDeliveryAddressFlag == true ? new Address(request.DeliveryAddress, request.DeliveryAddress2, request.DeliveryCity, request.DeliveryState, request.DeliveryCountry, request.DeliveryPincode) : null,
                    Pan = request.Documents?.FirstOrDefault(d => d.DocType?.Value == "PAN")?.DocNo,
                    LoadAmount = load,
                };
                Reissue(card, now);
                if (account.PrimaryCardId is null || request.PrimaryEnKashCard == true)
                {
                    account.PrimaryCardId = card.EnKashCardId;
                }
                _cards.Add(card.EnKashCardId, card);
                account.CardIds.Add(card.EnKashCardId);
                if (load > 0)
                {
                    var txn = Credit(card, load, gift ? "LOAD_MONEY" : "ALLOCATE_FUND", null, gift ? "Gift card value" : "Initial load", now);
                    card.CreationTransactionId = txn.Id;
                }
                return ToCard(card);
            }
        }

        /// <summary>Applies a load, or answers a repeated reference as <see cref="SandboxOptions.LoadDeduplication"/> says; <c>Replayed</c> is true when nothing moved.</summary>
        public (LoadCardBalanceResult Result, bool Replayed) LoadCardBalance(SandboxPartner partner, LoadCardBalanceRequest request)
        {
            lock (_gate)
            {
                if (request.TransactionType != TransactionType.Credit)
                {
                    throw SandboxRejection.Business("transactionType must be CR for a load");
                }
                if (request.Type is { } type && type != BalanceEntryType.LoadMoney && type != BalanceEntryType.AllocateFund)
                {
                    throw SandboxRejection.Business("type " + type.Value + " is not a load; use LOAD_MONEY or ALLOCATE_FUND");
                }
                if (request.TransactionCode is { } code && code != TransactionCode.Principle && code != TransactionCode.Allocation)
                {
                    throw SandboxRejection.Business("transactionCode " + code.Value + " is not a load; use PRINCIPLE or ALLOCATION");
                }
                if (request.EnKashCardId is null)
                {
                    throw SandboxRejection.Business("enKashCardId is required");
                }
                var card = FindCard(partner, request.CompanyId, request.CardAccountId, request.EnKashCardId);
                var reference = request.UniqueReferenceNumber;
                var referenceKey = reference is null ? null : partner.PartnerId + "\n" + reference;
                // A repeat is recognised before the card's current state is checked: a replay answers what happened then,
                // even if the card has since been blocked or the account emptied.
                if (referenceKey is not null && _loadsByReference.TryGetValue(referenceKey, out var earlier))
                {
                    switch (_options.LoadDeduplication)
                    {
                        case LoadDeduplication.ReplayOriginal:
                            if (earlier.EnKashCardId != card.EnKashCardId || earlier.Amount != request.Amount)
                            {
                                throw SandboxRejection.Business("uniqueReferenceNumber " + reference + " was already used for another load (card " + earlier.EnKashCardId + ", amount " + earlier.Amount.ToString(CultureInfo.InvariantCulture) + ")");
                            }
                            _counters.LoadReplayed(reference!);
                            return (earlier.Result, true);
                        case LoadDeduplication.None:
                            break;
                        default:
                            throw SandboxRejection.Business("Duplicate uniqueReferenceNumber " + reference);
                    }
                }
                if (card.IsGift)
                {
                    throw SandboxRejection.Business("Gift cards cannot be loaded; they are funded once, at creation");
                }
                if (card.Status == "BL")
                {
                    throw SandboxRejection.Business("Card is blocked");
                }
                if (request.Amount > card.Account.AvailableBalance)
                {
                    throw SandboxRejection.Business("Insufficient balance in card account");
                }
                var txn = Credit(card, request.Amount, request.Type?.Value ?? "ALLOCATE_FUND", reference, request.Description ?? request.Remarks ?? "Load", Now);
                var result = new LoadCardBalanceResult
                {
                    EnKashCardId = card.EnKashCardId,
                    EnkashCardTxnId = txn.Id,
                    PgReferenceNumber = reference,
                    OtbBalance = card.Balance,
                    MaskedNumber = card.MaskedNumber,
                };
                if (referenceKey is not null)
                {
                    // The first applied load stays the original that a replay answers with.
                    _loadsByReference.TryAdd(referenceKey, new AppliedLoad(card.EnKashCardId, request.Amount, result));
                    _counters.LoadApplied(reference!);
                }
                return (result, false);
            }
        }

        public Card GetCardDetails(SandboxPartner partner, GetCardDetailsRequest request)
        {
            lock (_gate)
            {
                if (request.EnKashCardId is null)
                {
                    // EnKash has not published what a search without a card id returns, so the sandbox does not invent it.
                    throw SandboxRejection.Business("enKashCardId is required by the sandbox: EnKash has not published the answer for a whole account");
                }
                return ToCard(FindCard(partner, request.CompanyId, request.CardAccountId, request.EnKashCardId));
            }
        }

        /// <summary>Checks that a card exists for the partner (and belongs to the company and account when given); returns its id.</summary>
        public string RequireCard(SandboxPartner partner, string? companyId, string? cardAccountId, string enKashCardId)
        {
            lock (_gate)
            {
                var card = FindCard(partner, companyId, cardAccountId, enKashCardId);
                if (card.Status == "BL")
                {
                    throw SandboxRejection.Business("Card is blocked");
                }
                return card.EnKashCardId;
            }
        }

        public (string EnKashCardId, string Status) BlockCard(SandboxPartner partner, BlockCardRequest request)
        {
            lock (_gate)
            {
                var card = FindCard(partner, request.CompanyId, request.CardAccountId, request.EnKashCardId);
                if (!request.BlockCode.IsKnown)
                {
                    throw SandboxRejection.Business("Unknown blockCode " + request.BlockCode.Value);
                }
                CheckOtp(card, request.OtpRequired, request.OtpMedium, request.OtpRequestId, request.Otp, request.MfaCode);
                var target = request.BlockCode.Value;
                if (card.Status == "BL" && target != "BL")
                {
                    throw SandboxRejection.Business("Card is permanently blocked");
                }
                card.Status = target;
                card.ModifiedOn = Now;
                return (card.EnKashCardId, card.Status);
            }
        }

        public string ReplaceCard(SandboxPartner partner, ReplaceCardRequest request)
        {
            lock (_gate)
            {
                var card = FindCard(partner, null, request.CardAccountId, request.EnKashCardId);
                CheckOtp(card, request.OtpRequired, request.OtpMedium, request.OtpRequestId, request.Otp, request.MfaCode);
                var now = Now;
                Reissue(card, now);
                card.Status = "UL";
                card.Replacements++;
                card.ModifiedOn = now;
                return "Card replacement requested";
            }
        }

        public string SetCardPin(SandboxPartner partner, SetCardPinRequest request)
        {
            lock (_gate)
            {
                var card = FindCard(partner, request.CompanyId, request.CardAccountId, request.EnKashCardId);
                if (card.Status == "BL")
                {
                    throw SandboxRejection.Business("Card is blocked");
                }
                if (request.PinBlock.Length != 4 || !request.PinBlock.All(c => c >= '0' && c <= '9'))
                {
                    throw SandboxRejection.Business("The PIN must be 4 digits");
                }
                if (request.OtpRequired == true)
                {
                    // The request has no otp member, so there is nothing to check an OTP against.
                    throw SandboxRejection.Business("setPin carries no OTP; send otpRequired false");
                }
                card.PinSet = true;
                card.ModifiedOn = Now;
                return "Success";
            }
        }

        public (string OtpRequestId, string MaskedMobile, int ValidSeconds) GenerateOtp(SandboxPartner partner, GenerateCardOtpRequest request)
        {
            lock (_gate)
            {
                if (request.EnKashCardId is null)
                {
                    throw SandboxRejection.Business("enKashCardId is required");
                }
                if (request.CardOtpAction is { } action && !action.IsKnown)
                {
                    throw SandboxRejection.Business("Unsupported cardOtpAction " + action.Value);
                }
                var card = FindCard(partner, null, request.CardAccountId, request.EnKashCardId);
                var otp = new OtpRecord(NewId("OTP", 10), card.EnKashCardId, _options.OtpCode, Now + _options.OtpLifetime);
                _otps.Add(otp.Id, otp);
                var mobile = card.User.Mobile ?? string.Empty;
                var masked = mobile.Length > 4 ? new string('X', mobile.Length - 4) + mobile.Substring(mobile.Length - 4) : mobile;
                return (otp.Id, masked, (int)_options.OtpLifetime.TotalSeconds);
            }
        }

        // ------------------------------------------------------------ velocity rules

        public IReadOnlyList<string> UpdateVelocityRules(SandboxPartner partner, UpdateVelocityRulesRequest request)
        {
            lock (_gate)
            {
                var account = FindAccount(partner, request.CompanyId, request.CardAccountId);
                var cards = new List<CardRecord>();
                var unknown = new List<string>();
                foreach (var id in request.EnKashCardIds)
                {
                    if (_cards.TryGetValue(id, out var card) && ReferenceEquals(card.Account, account))
                    {
                        cards.Add(card);
                    }
                    else
                    {
                        unknown.Add(id);
                    }
                }
                if (unknown.Count > 0)
                {
                    throw SandboxRejection.Business("Cards not found in card account " + account.CardAccountId + ": " + string.Join(", ", unknown));
                }
                foreach (var card in cards)
                {
                    if (card.Status == "BL")
                    {
                        throw SandboxRejection.Business("Card " + card.EnKashCardId + " is blocked");
                    }
                }
                foreach (var card in cards)
                {
                    card.Rules.Apply(request);
                    card.ModifiedOn = Now;
                }
                return cards.Select(c => c.EnKashCardId).ToList();
            }
        }

        public GetVelocityRulesResult GetVelocityRules(SandboxPartner partner, GetVelocityRulesRequest request)
        {
            lock (_gate)
            {
                var card = FindCard(partner, request.CompanyId, request.CardAccountId, request.EnKashCardId);
                return card.Rules.ToModel(card);
            }
        }

        // ------------------------------------------------------------- transactions

        public IReadOnlyList<CardTransaction> SearchTransactions(SandboxPartner partner, GetTransactionDetailsRequest request)
        {
            lock (_gate)
            {
                var account = FindAccount(partner, request.CompanyId, request.CardAccountId);
                DateTimeOffset? from = ParseDate(request.TxnDateFrom, "txnDateFrom");
                DateTimeOffset? to = ParseDate(request.TxnDateTo, "txnDateTo");
                IEnumerable<TransactionRecord> query = _transactions.Where(t => ReferenceEquals(t.Card.Account, account));
                if (request.EnKashCardId is { } cardId)
                {
                    query = query.Where(t => t.Card.EnKashCardId == cardId);
                }
                if (request.UserId is { } userId)
                {
                    query = query.Where(t => t.Card.User.UserId == userId);
                }
                if (request.CardHolderName is { } holder)
                {
                    query = query.Where(t => t.Card.User.FullName.Contains(holder, StringComparison.OrdinalIgnoreCase));
                }
                if (request.CompanyName is { } companyName)
                {
                    query = query.Where(t => t.Card.Account.CompanyName.Contains(companyName, StringComparison.OrdinalIgnoreCase));
                }
                if (request.Status is { } status)
                {
                    query = query.Where(t => t.Status == status.Value);
                }
                if (request.CardTransactionType is { } direction)
                {
                    query = query.Where(t => t.Direction == direction.Value);
                }
                if (request.EnKashTransactionId is { } txnId)
                {
                    query = query.Where(t => t.Id == txnId);
                }
                if (request.EnKashTransactionIds is { Count: > 0 } txnIds)
                {
                    query = query.Where(t => txnIds.Contains(t.Id));
                }
                if (request.PgReferenceNumber is { } reference)
                {
                    query = query.Where(t => t.PgReferenceNumber == reference);
                }
                if (request.PgReferenceNumbers is { Count: > 0 } references)
                {
                    query = query.Where(t => t.PgReferenceNumber is not null && references.Contains(t.PgReferenceNumber));
                }
                if (request.AmountFrom is { } min && min > 0)
                {
                    query = query.Where(t => t.Amount >= min);
                }
                if (request.AmountTo is { } max && max > 0)
                {
                    query = query.Where(t => t.Amount <= max);
                }
                if (from is { } f)
                {
                    query = query.Where(t => t.CreatedOn >= f);
                }
                if (to is { } u)
                {
                    query = query.Where(t => t.CreatedOn <= u);
                }
                return query.Select(ToTransaction).ToList();
            }
        }

        /// <summary>Simulates a purchase by the card holder: the only way debits arise, since EnKash's API has no spend call.</summary>
        public SandboxSpendResult Spend(string enKashCardId, decimal amount, SandboxChannel channel, string merchant)
        {
            lock (_gate)
            {
                if (!_cards.TryGetValue(enKashCardId, out var card))
                {
                    return new SandboxSpendResult(false, "unknown card", null, 0m);
                }
                string? reason = null;
                if (amount <= 0)
                {
                    reason = "amount must be positive";
                }
                else if (card.Status != "UL")
                {
                    reason = "card status is " + card.Status;
                }
                else if (!card.Rules.Allows(channel))
                {
                    reason = channel + " payments are not allowed on this card";
                }
                else if (card.Rules.PerTxnLimit is { } perTxn && amount > perTxn)
                {
                    reason = "amount exceeds the per-transaction limit";
                }
                else if (card.Rules.Dtd is { } daily && SpentToday(card) + amount > daily)
                {
                    reason = "amount exceeds the daily limit";
                }
                else if (card.Rules.DtdCount is { } dailyCount && DebitsToday(card) + 1 > dailyCount)
                {
                    reason = "the daily number of transactions is reached";
                }
                else if (amount > card.Balance)
                {
                    reason = "insufficient card balance";
                }
                if (reason is not null)
                {
                    return new SandboxSpendResult(false, reason, null, card.Balance);
                }
                card.Balance -= amount;
                card.UsedLtd += amount;
                var now = Now;
                var txn = new TransactionRecord(NewId("ECT", 10), card, amount, "DR", "SALE", null, merchant, card.Balance, now) { Merchant = merchant, Channel = channel.ToString().ToUpperInvariant() };
                _transactions.Add(txn);
                return new SandboxSpendResult(true, null, txn.Id, card.Balance);
            }
        }

        public SandboxCardSnapshot? Snapshot(string enKashCardId)
        {
            lock (_gate)
            {
                return _cards.TryGetValue(enKashCardId, out var card)
                    ? new SandboxCardSnapshot(card.EnKashCardId, card.Account.CardAccountId, card.Account.AccountType, card.Status, card.Balance, card.PinSet, card.Replacements, card.Token, card.Pan, card.MaskedNumber)
                    : null;
            }
        }

        public decimal? AccountBalance(string cardAccountId)
        {
            lock (_gate)
            {
                return _accounts.TryGetValue(cardAccountId, out var account) ? account.AvailableBalance : null;
            }
        }

        public int TransactionCount
        {
            get
            {
                lock (_gate)
                {
                    return _transactions.Count;
                }
            }
        }

        // ------------------------------------------------------------------ helpers

        private void RequireCompany(SandboxPartner partner, string? companyId)
        {
            if (!string.Equals(companyId, partner.CompanyId, StringComparison.Ordinal))
            {
                throw SandboxRejection.Business("Company " + (companyId ?? "(none)") + " is not linked to partner " + partner.PartnerId);
            }
        }

        private AccountRecord FindAccount(SandboxPartner partner, string? companyId, string? cardAccountId)
        {
            if (companyId is not null)
            {
                RequireCompany(partner, companyId);
            }
            if (cardAccountId is null || !_accounts.TryGetValue(cardAccountId, out var account) || account.PartnerId != partner.PartnerId)
            {
                throw SandboxRejection.Business("Card account " + (cardAccountId ?? "(none)") + " not found");
            }
            return account;
        }

        private CardRecord FindCard(SandboxPartner partner, string? companyId, string? cardAccountId, string enKashCardId)
        {
            if (companyId is not null)
            {
                RequireCompany(partner, companyId);
            }
            if (!_cards.TryGetValue(enKashCardId, out var card) || card.Account.PartnerId != partner.PartnerId)
            {
                throw SandboxRejection.Business("Card " + enKashCardId + " not found");
            }
            if (cardAccountId is not null && card.Account.CardAccountId != cardAccountId)
            {
                throw SandboxRejection.Business("Card " + enKashCardId + " does not belong to card account " + cardAccountId);
            }
            return card;
        }

        private void CheckOtp(CardRecord card, bool? otpRequired, OtpMedium medium, string? otpRequestId, string? otp, string? mfaCode)
        {
            if (otpRequired != true)
            {
                return;
            }
            if (medium == OtpMedium.Mfa)
            {
                if (!string.Equals(mfaCode, _options.MfaCode, StringComparison.Ordinal))
                {
                    throw SandboxRejection.Business("Invalid MFA code");
                }
                return;
            }
            if (otpRequestId is null || otp is null)
            {
                throw SandboxRejection.Business("otpRequestId and otp are required when otpRequired is true");
            }
            if (!_otps.TryGetValue(otpRequestId, out var record) || record.EnKashCardId != card.EnKashCardId)
            {
                throw SandboxRejection.Business("OTP request " + otpRequestId + " not found for this card");
            }
            if (record.Used)
            {
                throw SandboxRejection.Business("OTP already used");
            }
            if (Now > record.ExpiresAt)
            {
                throw SandboxRejection.Business("OTP expired");
            }
            if (!string.Equals(record.Code, otp, StringComparison.Ordinal))
            {
                throw SandboxRejection.Business("Invalid OTP");
            }
            record.Used = true;
        }

        private TransactionRecord Credit(CardRecord card, decimal amount, string type, string? reference, string description, DateTimeOffset now)
        {
            card.Account.AvailableBalance -= amount;
            card.Balance += amount;
            card.LastAllocated = amount;
            card.LimitAllocatedLtd += amount;
            card.ModifiedOn = now;
            var txn = new TransactionRecord(NewId("ECT", 10), card, amount, "CR", type, reference, description, card.Balance, now);
            _transactions.Add(txn);
            return txn;
        }

        private decimal SpentToday(CardRecord card)
        {
            var today = Now.UtcDateTime.Date;
            return _transactions.Where(t => t.Card == card && t.Direction == "DR" && t.CreatedOn.UtcDateTime.Date == today).Sum(t => t.Amount);
        }

        private int DebitsToday(CardRecord card)
        {
            var today = Now.UtcDateTime.Date;
            return _transactions.Count(t => t.Card == card && t.Direction == "DR" && t.CreatedOn.UtcDateTime.Date == today);
        }

        private void Reissue(CardRecord card, DateTimeOffset now)
        {
            var last4 = _random.Next(0, 10000).ToString("0000", CultureInfo.InvariantCulture);
            card.MaskedNumber = "XXXX XXXX XXXX " + last4;
            var token = new StringBuilder(20);
            for (var i = 0; i < 20; i++)
            {
                token.Append("0123456789abcdef"[_random.Next(16)]);
            }
            card.Token = token.ToString();
            var expiry = now.UtcDateTime.AddYears(5);
            card.ExpiryMonth = expiry.Month.ToString("00", CultureInfo.InvariantCulture);
            card.ExpiryYear = expiry.Year.ToString(CultureInfo.InvariantCulture);
        }

        private string NewId(string prefix, int length)
        {
            while (true)
            {
                var text = new StringBuilder(prefix, prefix.Length + length);
                for (var i = 0; i < length; i++)
                {
                    text.Append(Alphabet[_random.Next(Alphabet.Length)]);
                }
                var id = text.ToString();
                if (_ids.Add(id))
                {
                    return id;
                }
            }
        }

        private static DateTimeOffset? ParseDate(string? text, string field)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                return value;
            }
            throw SandboxRejection.Business(field + " must be an ISO 8601 timestamp such as 2025-01-24T08:47:01.505Z");
        }

        /// <summary>EnKash's text form of timestamps, e.g. <c>Jan 29, 2025 11:57:51 AM</c>.</summary>
        internal static string EnKashTime(DateTimeOffset value) => value.ToOffset(TimeSpan.FromHours(5.5)).ToString("MMM d, yyyy h:mm:ss tt", CultureInfo.InvariantCulture);

        // ---------------------------------------------------------------- to models

        private CardAccount ToCardAccount(AccountRecord account)
        {
            var cards = account.CardIds.Select(id => _cards[id]).ToList();
            var primary = account.PrimaryCardId is null ? null : _cards[account.PrimaryCardId];
            return new CardAccount
            {
                CardAccountId = account.CardAccountId,
                CompanyId = account.CompanyId,
                CompanyName = account.CompanyName,
                AvailableBalance = account.AvailableBalance,
                AvailableCardBalance = cards.Sum(c => c.Balance),
                CreditLimit = 0m,
                DynamicLimit = 0m,
                UsedCreditLimit = 0m,
                TotalCards = cards.Count,
                ActiveCards = cards.Count(c => c.Status != "BL"),
                TotalAllocationPoint = 0m,
                TotalRedemptionPoint = 0m,
                CurrentMonthAllocationPoint = 0m,
                CurrentMonthRedemptionPoint = 0m,
                PrimaryEnKashCard = primary is null ? null : new PrimaryCardSummary
                {
                    EnKashCardId = primary.EnKashCardId,
                    UserId = primary.User.UserId,
                    CardAccountId = account.CardAccountId,
                    Token = primary.Token,
                    MaskedNumber = primary.MaskedNumber,
                    ExpiryMonth = primary.ExpiryMonth,
                },
            };
        }

        private static Card ToCard(CardRecord card)
        {
            var user = card.User;
            var account = card.Account;
            var delivery = card.Delivery ?? user.Address;
            return new Card
            {
                EnKashCardId = card.EnKashCardId,
                UserId = user.UserId,
                CardAccountId = account.CardAccountId,
                Token = card.Token,
                MaskedNumber = card.MaskedNumber,
                ExpiryMonth = card.ExpiryMonth,
                ExpiryYear = card.ExpiryYear,
                Email = user.Email,
                Mobile = user.Mobile,
                Title = user.Title,
                FirstName = user.FirstName,
                LastName = user.LastName,
                Gender = user.Gender is null ? null : new Gender(user.Gender),
                SpecialDate = user.SpecialDate,
                Address = user.Address.Line1,
                Address2 = user.Address.Line2,
                City = user.Address.City,
                State = user.Address.State,
                Country = user.Address.Country,
                Pincode = user.Address.Pincode,
                UsedMtd = card.UsedLtd,
                UsedDtd = card.UsedLtd,
                UsedYtd = card.UsedLtd,
                UsedLtd = card.UsedLtd,
                OtbBalance = card.Balance,
                PrimaryCard = account.PrimaryCardId == card.EnKashCardId,
                PrepaidCard = true,
                PhysicalCard = card.PhysicalCard,
                Deleted = false,
                ClosedLoopCard = false,
                CreatedOn = EnKashTime(card.CreatedOn),
                ModifiedOn = EnKashTime(card.ModifiedOn),
                CardStatus = new CardStatus { Name = new CardStatusCode(card.Status), Label = StatusLabel(card.Status) },
                KycStatus = new KycStatus { Name = KycStatusCode.NotUploaded, Label = "Not Uploaded" },
                CardProgramme = "SANDBOX",
                UseAccountFunds = false,
                BlockCode = card.Status == "UL" ? "A" : card.Status,
                Remarks = card.Remarks,
                Pan = card.Pan,
                PhysicalDeliveryAddressFlag = card.Delivery is not null,
                DeliveryAddress = delivery.Line1,
                DeliveryAddress2 = delivery.Line2,
                DeliveryCity = delivery.City,
                DeliveryState = delivery.State,
                DeliveryCountry = delivery.Country,
                DeliveryPincode = delivery.Pincode,
                CardActivated = card.PinSet,
                BinType = card.IsGift ? new BinType { Name = BinTypeCode.GiftCard, Label = "Gift Card" } : null,
                LoadAmount = card.LoadAmount,
                CompanyId = account.CompanyId,
                SwitchProvider = "SANDBOX",
                AccountBalance = account.AvailableBalance,
                PhysicalCardAllowed = !card.IsGift,
                KitType = new KitType { Name = KitTypeCode.Rupay, Label = "Rupay" },
                SurchargeAmt = 0m,
                PanValidated = false,
                VirtualAccountNumber = "ENKASHSBX" + card.EnKashCardId,
                LimitAllocatedLtd = card.LimitAllocatedLtd,
                PosAllowed = card.Rules.PosAllowed,
                PosAllowedAdmin = true,
                AtmAllowed = card.Rules.AtmAllowed,
                AtmAllowedAdmin = true,
                OnlineAllowed = card.Rules.OnlineAllowed,
                OnlineAllowedAdmin = true,
                UnallocateFundAllowed = false,
                CompanyName = account.CompanyName,
                AccountType = new AccountTypeInfo { Name = new CardAccountType(account.AccountType), Label = AccountTypeLabel(account.AccountType), Description = AccountTypeLabel(account.AccountType) },
                LastAllocatedAmount = card.LastAllocated,
                HoldBalance = 0m,
                EnkashCardTxnId = card.CreationTransactionId,
                EnKashSupportEmail = "support@sandbox.invalid",
            };
        }

        private static CardTransaction ToTransaction(TransactionRecord txn) => new CardTransaction
        {
            EnKashCardTransactionId = txn.Id,
            MaskedCard = txn.Card.MaskedNumber,
            EnkashCardId = txn.Card.EnKashCardId,
            UserId = txn.Card.User.UserId,
            CardHolderName = txn.Card.User.FullName,
            CompanyName = txn.Card.Account.CompanyName,
            CompanyId = txn.Card.Account.CompanyId,
            PrincipalAmount = txn.Amount,
            Balance = txn.BalanceAfter,
            PgReferenceNumber = txn.PgReferenceNumber,
            Description = txn.Description,
            Currency = "INR",
            CardTransactionType = new TransactionType(txn.Direction),
            Status = new TransactionStatus(txn.Status),
            Type = new BalanceEntryType(txn.Type),
            CreatedOn = EnKashTime(txn.CreatedOn),
            TxnDate = EnKashTime(txn.CreatedOn),
            ModifiedOn = EnKashTime(txn.CreatedOn),
            TxnDetails = txn.Merchant is null ? null : new CardTransactionDetails
            {
                Id = "TD" + txn.Id,
                TxnRefNo = txn.Id,
                MerchantName = txn.Merchant,
                TransactionType = "PURCHASE",
                Channel = txn.Channel,
                TxnCurrency = "INR",
                Network = "RUPAY",
                TransactionFees = 0m,
            },
        };

        private static string StatusLabel(string code) => code switch
        {
            "UL" => "UnLocked",
            "L" => "Locked",
            "BL" => "Blocked",
            "AP" => "Activation InProgress",
            _ => code,
        };

        private static string AccountTypeLabel(string code) => code switch
        {
            "RELOADABLE_GPR" => "Reloadable GPR",
            "GIFT" => "Gift",
            "MEAL" => "Meal",
            "FUEL" => "Fuel",
            _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(code.Replace('_', ' ').ToLowerInvariant()),
        };

        // ------------------------------------------------------------------ records

        private sealed class AccountRecord
        {
            public AccountRecord(string id, string partnerId, string companyId, string companyName, string accountType, string title, decimal balance, DateTimeOffset createdOn)
            {
                CardAccountId = id;
                PartnerId = partnerId;
                CompanyId = companyId;
                CompanyName = companyName;
                AccountType = accountType;
                Title = title;
                AvailableBalance = balance;
                CreatedOn = createdOn;
            }

            public string CardAccountId { get; }

            public string PartnerId { get; }

            public string CompanyId { get; }

            public string CompanyName { get; }

            public string AccountType { get; }

            public string Title { get; }

            public DateTimeOffset CreatedOn { get; }

            public decimal AvailableBalance { get; set; }

            public string? PrimaryCardId { get; set; }

            public List<string> CardIds { get; } = new List<string>();

            public bool IsGift => AccountType == "GIFT";
        }

        /// <summary>The first applied load of a reference: what a replay must match and what it answers.</summary>
        private sealed record AppliedLoad(string EnKashCardId, decimal Amount, LoadCardBalanceResult Result);

        private sealed record Address(string? Line1, string? Line2, string? City, string? State, string? Country, string? Pincode);

        private sealed class UserRecord
        {
            public UserRecord(string userId, string partnerId, CreateCardRequest request)
            {
                UserId = userId;
                PartnerId = partnerId;
                Email = request.Email;
                Mobile = request.Mobile;
                Title = request.Title;
                FirstName = request.FirstName;
                LastName = request.LastName;
                Gender = request.Gender?.Value;
                SpecialDate = request.SpecialDate;
                Address = new Address(request.Address, request.Address2, request.City, request.State, request.Country, request.Pincode);
            }

            public string UserId { get; }

            public string PartnerId { get; }

            public string? Email { get; }

            public string? Mobile { get; }

            public string? Title { get; }

            public string? FirstName { get; }

            public string? LastName { get; }

            public string? Gender { get; }

            public string? SpecialDate { get; }

            public Address Address { get; }

            public string FullName => ((FirstName ?? string.Empty) + " " + (LastName ?? string.Empty)).Trim();
        }

        private sealed class CardRecord
        {
            public CardRecord(string id, AccountRecord account, UserRecord user, bool gift, DateTimeOffset createdOn)
            {
                EnKashCardId = id;
                Account = account;
                User = user;
                IsGift = gift;
                CreatedOn = createdOn;
                ModifiedOn = createdOn;
            }

            public string EnKashCardId { get; }

            public AccountRecord Account { get; }

            public UserRecord User { get; }

            public bool IsGift { get; }

            public DateTimeOffset CreatedOn { get; }

            public DateTimeOffset ModifiedOn { get; set; }

            public string Token { get; set; } = string.Empty;

            public string MaskedNumber { get; set; } = string.Empty;

            public string ExpiryMonth { get; set; } = string.Empty;

            public string ExpiryYear { get; set; } = string.Empty;

            public string? Pan { get; set; }

            public bool PhysicalCard { get; set; }

            public string? Remarks { get; set; }

            public Address? Delivery { get; set; }

            public decimal LoadAmount { get; set; }

            public decimal Balance { get; set; }

            public decimal LastAllocated { get; set; }

            public decimal LimitAllocatedLtd { get; set; }

            public decimal UsedLtd { get; set; }

            public string Status { get; set; } = "UL";

            public bool PinSet { get; set; }

            public int Replacements { get; set; }

            public string? CreationTransactionId { get; set; }

            public RulesRecord Rules { get; } = new RulesRecord();
        }

        private sealed class TransactionRecord
        {
            public TransactionRecord(string id, CardRecord card, decimal amount, string direction, string type, string? reference, string description, decimal balanceAfter, DateTimeOffset createdOn)
            {
                Id = id;
                Card = card;
                Amount = amount;
                Direction = direction;
                Type = type;
                PgReferenceNumber = reference;
                Description = description;
                BalanceAfter = balanceAfter;
                CreatedOn = createdOn;
            }

            public string Id { get; }

            public CardRecord Card { get; }

            public decimal Amount { get; }

            public string Direction { get; }

            public string Type { get; }

            public string Status => "CREATED";

            public string? PgReferenceNumber { get; }

            public string Description { get; }

            public decimal BalanceAfter { get; }

            public DateTimeOffset CreatedOn { get; }

            public string? Merchant { get; init; }

            public string? Channel { get; init; }
        }

        private sealed class OtpRecord
        {
            public OtpRecord(string id, string cardId, string code, DateTimeOffset expiresAt)
            {
                Id = id;
                EnKashCardId = cardId;
                Code = code;
                ExpiresAt = expiresAt;
            }

            public string Id { get; }

            public string EnKashCardId { get; }

            public string Code { get; }

            public DateTimeOffset ExpiresAt { get; }

            public bool Used { get; set; }
        }

        private sealed class RulesRecord
        {
            public bool PosAllowed { get; private set; } = true;

            public bool OnlineAllowed { get; private set; } = true;

            public bool AtmAllowed { get; private set; }

            public bool InternationalAllowed { get; private set; }

            public bool ContactlessAllowed { get; private set; } = true;

            public decimal? PerTxnLimit { get; private set; }

            public decimal? Dtd { get; private set; }

            public decimal? Mtd { get; private set; }

            public decimal? Ytd { get; private set; }

            public decimal? DtdCount { get; private set; }

            public decimal? MtdCount { get; private set; }

            public decimal? YtdCount { get; private set; }

            public decimal? PosDailyLimit { get; private set; }

            public decimal? PosDailyLimitCount { get; private set; }

            public decimal? EcomDailyLimit { get; private set; }

            public decimal? EcomDailyLimitCount { get; private set; }

            public decimal? ContactLessDailyLimit { get; private set; }

            public decimal? ContactLessDailyLimitCount { get; private set; }

            /// <summary>Applies the fields present in the request; absent (or null) fields keep their value.</summary>
            public void Apply(UpdateVelocityRulesRequest r)
            {
                PosAllowed = r.PosAllowed ?? PosAllowed;
                OnlineAllowed = r.OnlineAllowed ?? OnlineAllowed;
                AtmAllowed = r.AtmAllowed ?? AtmAllowed;
                InternationalAllowed = r.InternationalAllowed ?? InternationalAllowed;
                ContactlessAllowed = r.ContactlessAllowed ?? ContactlessAllowed;
                PerTxnLimit = r.PerTxnLimit ?? PerTxnLimit;
                Dtd = r.Dtd ?? Dtd;
                Mtd = r.Mtd ?? Mtd;
                Ytd = r.Ytd ?? Ytd;
                DtdCount = r.DtdCount ?? DtdCount;
                MtdCount = r.MtdCount ?? MtdCount;
                YtdCount = r.YtdCount ?? YtdCount;
                PosDailyLimit = r.PosDailyLimit ?? PosDailyLimit;
                PosDailyLimitCount = r.PosDailyLimitCount ?? PosDailyLimitCount;
                EcomDailyLimit = r.EcomDailyLimit ?? EcomDailyLimit;
                EcomDailyLimitCount = r.EcomDailyLimitCount ?? EcomDailyLimitCount;
                ContactLessDailyLimit = r.ContactLessDailyLimit ?? ContactLessDailyLimit;
                ContactLessDailyLimitCount = r.ContactLessDailyLimitCount ?? ContactLessDailyLimitCount;
            }

            public bool Allows(SandboxChannel channel) => channel switch
            {
                SandboxChannel.Pos => PosAllowed,
                SandboxChannel.Online => OnlineAllowed,
                SandboxChannel.Atm => AtmAllowed,
                SandboxChannel.Contactless => ContactlessAllowed,
                _ => false,
            };

            public GetVelocityRulesResult ToModel(CardRecord card) => new GetVelocityRulesResult
            {
                CompanyId = card.Account.CompanyId,
                CardAccountId = card.Account.CardAccountId,
                EnKashCardId = card.EnKashCardId,
                PosAllowed = PosAllowed,
                OnlineAllowed = OnlineAllowed,
                AtmAllowed = AtmAllowed,
                InternationalAllowed = InternationalAllowed,
                ContactlessAllowed = ContactlessAllowed,
                PerTxnLimit = PerTxnLimit,
                Dtd = Dtd,
                Mtd = Mtd,
                Ytd = Ytd,
                DtdCount = DtdCount,
                MtdCount = MtdCount,
                YtdCount = YtdCount,
                PosDailyLimit = PosDailyLimit,
                PosDailyLimitCount = PosDailyLimitCount,
                EcomDailyLimit = EcomDailyLimit,
                EcomDailyLimitCount = EcomDailyLimitCount,
                ContactLessDailyLimit = ContactLessDailyLimit,
                ContactLessDailyLimitCount = ContactLessDailyLimitCount,
            };
        }
    }

    /// <summary>Where a simulated purchase happens.</summary>
    public enum SandboxChannel
    {
        /// <summary>A card terminal at a shop.</summary>
        Pos,

        /// <summary>An online (e-commerce) payment.</summary>
        Online,

        /// <summary>A cash withdrawal.</summary>
        Atm,

        /// <summary>A tap-and-pay payment.</summary>
        Contactless,
    }

    /// <summary>Outcome of <see cref="SandboxServer.SimulateSpend"/>.</summary>
    public sealed record SandboxSpendResult(bool Approved, string? DeclineReason, string? TransactionId, decimal Balance);

    /// <summary>What the sandbox holds about one card, for assertions in tests. Contains card data: never print it.</summary>
    public sealed record SandboxCardSnapshot(string EnKashCardId, string CardAccountId, string AccountType, string Status, decimal Balance, bool PinSet, int Replacements, string Token, string? Pan, string MaskedNumber);
}
