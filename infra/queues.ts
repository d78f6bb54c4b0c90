import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, DlqDestinationConfig, IDestination, IEventSourceDlq, IEventSourceMapping, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

// Dead-letter queues hold what failed: customers' phone numbers and message bodies among it, so
// they are encrypted with the data key of the stateful stack (its key policy lets the services
// that write to them use it), TLS only, kept 14 days. The stateless stack alarms on each.

/** A dead-letter queue encrypted with `key`; `purpose` says what lands in it (for the acknowledgement and the alarm). */
export function createDeadLetterQueue(scope: Construct, id: string, options: { key: IKey; purpose: string }): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: options.key,
    // Producers reuse a data key for 5 minutes instead of calling KMS for every message.
    dataKeyReuse: Duration.minutes(5),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `foster: this queue is itself a dead-letter queue, for ${options.purpose}; operators are alarmed on its first message`,
  });
  return queue;
}

/** Exactly what a Lambda role needs to put a message on a KMS-encrypted queue (aws-cdk-lib's grant adds kms:ReEncrypt* and more). */
export function grantSendOnly(fn: IFunction, queue: IQueue, key: IKey): void {
  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
  fn.addToRolePolicy(new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
}

/** An asynchronous invocation's on-failure destination: the queue, with a send-only grant. */
export class QueueDestination implements IDestination {
  constructor(
    private readonly queue: IQueue,
    private readonly key: IKey,
  ) {}
  bind(_scope: Construct, fn: IFunction): DestinationConfig {
    grantSendOnly(fn, this.queue, this.key);
    return { destination: this.queue.queueArn };
  }
}

/** An event source mapping's on-failure destination: the queue, with a send-only grant. */
export class QueueDlq implements IEventSourceDlq {
  constructor(
    private readonly queue: IQueue,
    private readonly key: IKey,
  ) {}
  bind(_target: IEventSourceMapping, targetHandler: IFunction): DlqDestinationConfig {
    grantSendOnly(targetHandler, this.queue, this.key);
    return { destination: this.queue.queueArn };
  }
}
