/**
 * What the sandbox offers as exchange replacements: a handful of SKUs per reserved resource type, priced per
 * unit for a one-year term in USD and converted into each billing currency the tenant uses. The sizes span
 * small to large so that, for a typical reservation, some replacements are below its remaining commitment
 * (an exchange the bot must refuse, stating the minimum) and some above.
 */
export interface CatalogProductSeed {
  reservedResourceType: string;
  sku: string;
  /** USD per unit for one year (P1Y); three years cost 2.4 times as much. */
  usdPerYear: string;
}

export const P3Y_PRICE_FACTOR = '2.4';

export const CATALOG_PRODUCTS: readonly CatalogProductSeed[] = [
  { reservedResourceType: 'VirtualMachines', sku: 'Standard_D2s_v5', usdPerYear: '700' },
  { reservedResourceType: 'VirtualMachines', sku: 'Standard_D4s_v5', usdPerYear: '1400' },
  { reservedResourceType: 'VirtualMachines', sku: 'Standard_D8s_v5', usdPerYear: '2800' },
  { reservedResourceType: 'VirtualMachines', sku: 'Standard_E8s_v5', usdPerYear: '3700' },
  { reservedResourceType: 'VirtualMachines', sku: 'Standard_NC24ads_A100_v4', usdPerYear: '28000' },
  { reservedResourceType: 'SqlDatabases', sku: 'SQL_GP_Gen5_2', usdPerYear: '2600' },
  { reservedResourceType: 'SqlDatabases', sku: 'SQL_GP_Gen5_8', usdPerYear: '10400' },
  { reservedResourceType: 'SqlDatabases', sku: 'SQL_BC_Gen5_4', usdPerYear: '13000' },
  { reservedResourceType: 'CosmosDb', sku: 'Cosmos_DB_100_RUs', usdPerYear: '60' },
  { reservedResourceType: 'AppService', sku: 'P1v3', usdPerYear: '1300' },
  { reservedResourceType: 'AppService', sku: 'P2v3', usdPerYear: '2600' },
  { reservedResourceType: 'AppService', sku: 'P3v3', usdPerYear: '5200' },
  { reservedResourceType: 'BlockBlob', sku: 'Cool_LRS_100TB', usdPerYear: '9000' },
  { reservedResourceType: 'BlockBlob', sku: 'Hot_LRS_100TB', usdPerYear: '15000' },
  { reservedResourceType: 'RedisCache', sku: 'Premium_P1', usdPerYear: '2300' },
  { reservedResourceType: 'RedisCache', sku: 'Premium_P2', usdPerYear: '4500' },
  { reservedResourceType: 'RedisCache', sku: 'Premium_P3', usdPerYear: '9000' },
  { reservedResourceType: 'AVS', sku: 'AV36', usdPerYear: '62000' },
  { reservedResourceType: 'AVS', sku: 'AV52', usdPerYear: '95000' },
  { reservedResourceType: 'DedicatedHost', sku: 'DSv3-Type3', usdPerYear: '38000' },
  { reservedResourceType: 'DedicatedHost', sku: 'ESv3-Type3', usdPerYear: '45000' },
];

/** Regions offered per billing currency (where a customer billed in that currency usually runs). */
export const CATALOG_REGIONS: Readonly<Record<string, readonly string[]>> = {
  EUR: ['westeurope', 'northeurope'],
  GBP: ['uksouth', 'ukwest'],
  JPY: ['japaneast', 'japanwest'],
  USD: ['eastus', 'westus2'],
};

export const REGION_NAMES: Readonly<Record<string, string>> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  uksouth: 'UK South',
  ukwest: 'UK West',
  japaneast: 'Japan East',
  japanwest: 'Japan West',
  eastus: 'East US',
  westus2: 'West US 2',
};
