import type { Catalogue } from '../en.ts';

/** Français. */
export default {
  openChat: 'Ouvrir le chat',
  closeChat: 'Fermer le chat',
  chatWith: (title: string) => `Discuter avec ${title}`,
  defaultTitle: 'Chat',
  newConversation: 'Nouvelle conversation',
  conversation: 'Conversation',
  you: 'Vous',
  assistant: 'Assistant',
  messagePlaceholder: 'Écrivez votre message…',
  messageLabel: 'Message',
  send: 'Envoyer',
  stop: 'Arrêter',
  retry: 'Réessayer',
  copy: 'Copier',
  copied: 'Copié',
  generate: 'Générer',
  result: 'Résultat',
  stopped: 'Interrompue.',
  thinking: 'Réflexion…',
  loading: 'Chargement…',
  earlierMessages: 'Afficher les messages précédents',
  suggestions: 'Questions suggérées',
  like: 'Utile',
  dislike: 'Pas utile',
  startForm: 'Avant de commencer',
  optional: '(facultatif)',
  chooseOption: 'Choisissez…',
  answerReady: (text: string) => `Réponse\u202f: ${text}`,
  answerStopped: 'Réponse interrompue.',
  answerPaused: (text: string) => `${text ? `Réponse\u202f: ${text} ` : ''}L’application attend votre réponse.`,
  moderated: 'Cette réponse a été remplacée par le filtre de contenu de l’application.',
  unsupportedInputs: (labels: string) =>
    `Cette application demande aussi des informations que ce chat ne peut pas encore recueillir\u202f: ${labels}.`,
  conversations: 'Liste des conversations',
  humanInput: {
    title: 'Votre réponse est requise',
    sending: 'Envoi en cours…',
    fieldLabel: (name: string) => {
      const words = name.replace(/[_-]+/g, ' ').trim();
      return words.charAt(0).toUpperCase() + words.slice(1);
    },
    fileField: (label: string) => `${label}\u202f: ce formulaire demande un fichier, qu’il n’est pas possible d’envoyer depuis ce chat.`,
    elsewhere: 'L’application attend une réponse que vous ne pouvez pas donner ici.',
    closed: {
      submitted: 'Ce formulaire a déjà reçu une réponse.',
      expired: 'Ce formulaire a expiré.',
      gone: 'Ce formulaire n’est plus disponible.',
    },
    refused: 'Votre réponse n’a pas été acceptée.',
    notSent: 'Votre réponse n’a pas pu être envoyée.',
  },
  issues: {
    required: 'Remplissez ce champ.',
    'too-long': (maxLength: number) => `${maxLength.toLocaleString('fr')} caractères au maximum.`,
    'not-a-number': 'Saisissez un nombre.',
    'not-an-option': 'Choisissez l’une des options.',
  },
  problems: {
    offline: 'Impossible de joindre le service de chat. Vérifiez votre connexion et réessayez.',
    rateLimited: (wait: number | undefined) =>
      wait === undefined
        ? 'Trop de messages pour le moment. Réessayez dans quelques instants.'
        : `Trop de messages pour le moment. Réessayez ${new Intl.RelativeTimeFormat('fr').format(wait, 'second')}.`,
    session: 'Votre session de chat n’a pas pu être ouverte ou renouvelée. Rechargez la page et réessayez.',
    forbidden: 'Ce chat n’est pas disponible sur ce site.',
    invalid: 'Le service de chat a refusé le message.',
    notFound: 'Cette conversation n’existe plus. Commencez-en une nouvelle.',
    unavailable: 'Le service de chat rencontre des problèmes. Réessayez un peu plus tard.',
    interrupted: 'La réponse a été interrompue par une erreur.',
    runFailed: 'L’application n’a pas pu terminer cette réponse.',
    runStopped: 'L’application s’est arrêtée avant la fin de cette réponse.',
    disconnected: 'La connexion a été coupée avant la fin de la réponse.',
    unknown: 'Une erreur s’est produite.',
    loadFailed: 'Impossible de charger le chat.',
    historyFailed: 'Impossible de charger les messages précédents.',
  },
} satisfies Catalogue;
