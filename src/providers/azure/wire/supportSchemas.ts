import { z } from 'zod';

/** Microsoft.Support answers at api-version 2024-04-01 (azure-rest-api-specs, support/stable/2024-04-01). */
export const problemClassificationSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  properties: z.object({ displayName: z.string().nullish() }).nullish(),
});

export const supportTicketSchema = z.object({
  id: z.string().nullish(),
  name: z.string().min(1),
  properties: z.object({
    /** Microsoft's support request number, the one its engineers quote. */
    supportTicketId: z.string().nullish(),
    title: z.string().nullish(),
    status: z.string().nullish(),
    createdDate: z.string().nullish(),
    modifiedDate: z.string().nullish(),
    problemClassificationId: z.string().nullish(),
    serviceId: z.string().nullish(),
  }),
});
export type WireSupportTicket = z.infer<typeof supportTicketSchema>;

/** The body of PUT .../supportTickets/{name} (CreateBillingSupportTicket example). */
export interface WireTicketCreate {
  properties: {
    serviceId: string;
    problemClassificationId: string;
    title: string;
    description: string;
    severity: string;
    advancedDiagnosticConsent: 'Yes' | 'No';
    contactDetails: {
      firstName: string;
      lastName: string;
      preferredContactMethod: 'email' | 'phone';
      primaryEmailAddress: string;
      phoneNumber?: string;
      preferredTimeZone: string;
      country: string;
      preferredSupportLanguage: string;
    };
  };
}
