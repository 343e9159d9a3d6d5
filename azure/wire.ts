// Shapes of what Azure sends back, checked with zod where it enters Vigil.
// Rows are validated only as deep as Vigil relies on them; nested property bags
// stay `unknown` and are read defensively by the mappers (azure/map*.ts),
// because Defender's shapes vary between resources and over time.
import { z } from 'zod/v4';

const bag = z.record(z.string(), z.unknown());
/** Tags: values are strings in ARM, but be lenient about the odd number. */
const tags = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((t) => Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, String(v ?? '')])));

export const subscriptionRow = z
  .object({ subscriptionId: z.string(), name: z.string().nullish(), tags, tenantId: z.string().nullish() })
  .loose();

export const inventoryRow = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    kind: z.string().nullish(),
    location: z.string().nullish(),
    subscriptionId: z.string(),
    resourceGroup: z.string().nullish(),
    tags,
    identity: bag.nullish(),
    properties: bag.nullish(),
  })
  .loose();

export const deploymentRow = z
  .object({
    id: z.string(),
    name: z.string(),
    subscriptionId: z.string().nullish(),
    sku: bag.nullish(),
    modelName: z.string().nullish(),
    modelVersion: z.string().nullish(),
    modelFormat: z.string().nullish(),
    raiPolicyName: z.string().nullish(),
  })
  .loose();

export const linkedRow = z
  .object({
    aiId: z.string(),
    linkedId: z.string(),
    name: z.string().nullish(),
    type: z.string().nullish(),
    publicNetworkAccess: z.string().nullish(),
  })
  .loose();

export const assessmentRow = z
  .object({ id: z.string(), name: z.string(), resourceId: z.string().nullish(), properties: bag })
  .loose();

export const governanceRow = z
  .object({ id: z.string(), name: z.string(), assessmentId: z.string().nullish(), properties: bag.nullish() })
  .loose();

export const attackPathRow = z
  .object({ id: z.string(), name: z.string(), subscriptionId: z.string().nullish(), properties: bag.nullish() })
  .loose();

export type SubscriptionRow = z.infer<typeof subscriptionRow>;
export type InventoryRow = z.infer<typeof inventoryRow>;
export type DeploymentRow = z.infer<typeof deploymentRow>;
export type LinkedRow = z.infer<typeof linkedRow>;
export type AssessmentRow = z.infer<typeof assessmentRow>;
export type GovernanceRow = z.infer<typeof governanceRow>;
export type AttackPathRow = z.infer<typeof attackPathRow>;

/** Microsoft.Security/pricings list, read from the raw body (the SDK's model drops `extensions`). */
export const pricingList = z.object({
  value: z.array(
    z
      .object({
        name: z.string(),
        properties: z
          .object({
            pricingTier: z.string(),
            subPlan: z.string().nullish(),
            enablementTime: z.string().nullish(),
            extensions: z
              .array(z.object({ name: z.string(), isEnabled: z.union([z.string(), z.boolean()]) }).loose())
              .nullish(),
          })
          .loose(),
      })
      .loose(),
  ),
});
export type PricingList = z.infer<typeof pricingList>;

/** A secure score as `@azure/arm-security` hands it over (it flattens `properties.score.*`). */
export const secureScoreItem = z
  .object({
    name: z.string().nullish(),
    max: z.number().nullish(),
    current: z.number().nullish(),
    percentage: z.number().nullish(),
  })
  .loose();
export type SecureScoreItemWire = z.infer<typeof secureScoreItem>;

const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** A prompt-volume row, keyed by column name (the SDK turns datetime cells into Dates). */
export const promptVolumeRow = z
  .object({ ResourceId: z.string(), Bin: z.union([z.date(), z.iso.datetime({ offset: true })]), Requests: count })
  .loose();

export const promptCallerRow = z
  .object({
    CallerIPAddress: z.string().nullish(),
    ObjectId: z.string().nullish(),
    OperationName: z.string().nullish(),
    Deployment: z.string().nullish(),
    Requests: count,
  })
  .loose();
