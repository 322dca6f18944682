/**
 * What the channel adapters say themselves, outside the dialogs, in the language the channel reports for the person
 * (Teams' or the playground's `activity.locale`, Slack's user locale).
 */
export const enChannels = {
  'channel.turnFailed': 'Sorry, something went wrong on my side. If you were filing a request, type /requests to see whether it was filed.',
  'channel.slack.notAMember': 'I cannot post in this channel yet. Invite me with /invite @Reservation Desk, or send me the command in a direct message.',
} as const;
