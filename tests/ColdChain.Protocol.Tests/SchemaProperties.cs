using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Time.Testing;
using FsProperty = FsCheck.NUnit.PropertyAttribute;

namespace ColdChain.Protocol.Tests;

public sealed class SchemaProperties
{
    private static readonly MessageValidator Validator = new(ValidationLimits.Default, new FakeTimeProvider(Samples.Now));

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 200)]
    public void A_valid_telemetry_batch_as_the_codec_writes_it_validates_against_the_schema(ValidTelemetry sample)
    {
        var payload = ProtocolCodec.Encode(sample.Batch);

        Assert.That(Validator.Validate(sample.Batch), Is.Empty);
        Assert.That(ContractSchemas.Problems(ContractSchemas.Telemetry, payload), Is.Null, Samples.Text(payload));
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 200)]
    public void A_valid_event_batch_as_the_codec_writes_it_validates_against_the_schema(ValidEvents sample)
    {
        var payload = ProtocolCodec.Encode(sample.Batch);

        Assert.That(Validator.Validate(sample.Batch), Is.Empty);
        Assert.That(ContractSchemas.Problems(ContractSchemas.Events, payload), Is.Null, Samples.Text(payload));
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 200)]
    public void A_valid_status_as_the_codec_writes_it_validates_against_the_schema(ValidStatus sample)
    {
        var payload = ProtocolCodec.Encode(sample.Status);

        Assert.That(Validator.Validate(sample.Status), Is.Empty);
        Assert.That(ContractSchemas.Problems(ContractSchemas.Status, payload), Is.Null, Samples.Text(payload));
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 400)]
    public void The_telemetry_schema_and_the_validator_agree_on_which_batches_keep_the_contract(MixedTelemetry sample)
    {
        var payload = ProtocolCodec.Encode(sample.Batch);
        var validatorErrors = Validator.Validate(sample.Batch);
        var schemaProblems = ContractSchemas.Problems(ContractSchemas.Telemetry, payload);

        Assert.That(schemaProblems is null, Is.EqualTo(validatorErrors.Count == 0), $"validator: [{string.Join("; ", validatorErrors)}]; schema: [{schemaProblems}]; {Samples.Text(payload)}");
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void The_events_schema_and_the_validator_agree_on_which_batches_keep_the_contract(MixedEvents sample)
    {
        var payload = ProtocolCodec.Encode(sample.Batch);
        var validatorErrors = Validator.Validate(sample.Batch);
        var schemaProblems = ContractSchemas.Problems(ContractSchemas.Events, payload);

        Assert.That(schemaProblems is null, Is.EqualTo(validatorErrors.Count == 0), $"validator: [{string.Join("; ", validatorErrors)}]; schema: [{schemaProblems}]; {Samples.Text(payload)}");
    }

    [FsProperty(Arbitrary = [typeof(ProtocolArbitraries)], MaxTest = 300)]
    public void The_status_schema_and_the_validator_agree_on_which_statuses_keep_the_contract(MixedStatus sample)
    {
        var payload = ProtocolCodec.Encode(sample.Status);
        var validatorErrors = Validator.Validate(sample.Status);
        var schemaProblems = ContractSchemas.Problems(ContractSchemas.Status, payload);

        Assert.That(schemaProblems is null, Is.EqualTo(validatorErrors.Count == 0), $"validator: [{string.Join("; ", validatorErrors)}]; schema: [{schemaProblems}]; {Samples.Text(payload)}");
    }
}
