import type { enChannels } from '../en/channels';

export const deChannels: Readonly<Record<keyof typeof enChannels, string>> = {
  'channel.turnFailed':
    'Leider ist bei mir etwas schiefgegangen. Falls Sie gerade einen Antrag eingereicht haben, sehen Sie mit /requests nach, ob er eingereicht wurde.',
  'channel.slack.notAMember':
    'Ich kann in diesem Kanal noch nicht posten. Laden Sie mich mit /invite @Reservation Desk ein, oder senden Sie mir den Befehl in einer Direktnachricht.',
};
