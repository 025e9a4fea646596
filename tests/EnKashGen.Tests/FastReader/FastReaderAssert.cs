using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using EnKashGen.Spec.Fast;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Extensions;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Xunit;

namespace EnKashGen.Tests.FastReader;

/// <summary>Reads a document with the fast path and with Microsoft.OpenApi.Readers 1.6.11 and checks they agree.</summary>
internal static class FastReaderAssert
{
    public static OpenApiDocument ReadWithReader(string text, out OpenApiDiagnostic diagnostic) =>
        new OpenApiStringReader(new OpenApiReaderSettings { ReferenceResolution = ReferenceResolutionSetting.ResolveLocalReferences, LoadExternalRefs = false })
            .Read(text, out diagnostic);

    /// <summary>The fast path must accept <paramref name="text"/> and give the reader's document and diagnostics.</summary>
    public static FastReadResult Same(string text)
    {
        var expected = ReadWithReader(text, out var expectedDiagnostic);
        var readerErrors = expectedDiagnostic.Errors.Where(e => e is not Microsoft.OpenApi.Validations.OpenApiValidatorError).Select(e => e.Pointer + " " + e.Message).ToList();
        Assert.True(readerErrors.Count == 0, "the reader reports errors: " + string.Join("; ", readerErrors));
        var fast = FastSpecReader.TryRead(text);
        Assert.True(fast is not null, "the fast path refused the document");

        Assert.Equal(Json(expected), Json(fast!.Document));
        var difference = OnBigStack(() => ModelComparer.FirstDifference(expected, fast.Document));
        Assert.True(difference is null, difference);

        Assert.Equal(Describe(expectedDiagnostic.Errors), Describe(fast.Diagnostic.Errors));
        Assert.Equal(Describe(expectedDiagnostic.Warnings), Describe(fast.Diagnostic.Warnings));
        return fast;
    }

    /// <summary>The fast path must refuse <paramref name="text"/> (so the reader reads it).</summary>
    public static void Refused(string text) => Assert.Null(FastSpecReader.TryRead(text));

    public static string Json(OpenApiDocument document) => OnBigStack(() => document.SerializeAsJson(OpenApiSpecVersion.OpenApi3_0));

    private static IEnumerable<string> Describe(IEnumerable<OpenApiError> errors) =>
        errors.Select(e => e.GetType().Name + " " + e.Pointer + " " + e.Message).ToList();

    public static T OnBigStack<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, 512 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new InvalidOperationException("failed: " + failure.Message, failure);
        }
        return result;
    }
}
