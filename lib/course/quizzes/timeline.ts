import type { QuizQuestion } from "../quiz";

export const timelineQuiz: QuizQuestion[] = [
  {
    id: "chronological-order",
    kind: "choice",
    prompt: "Which list is in chronological order (oldest first)?",
    choices: [
      "GAN → VAE → Boltzmann machine → transformer → deep belief network",
      "Deep belief network → Boltzmann machine → transformer → VAE → GAN",
      "Boltzmann machine → deep belief network → VAE → GAN → transformer",
      "VAE → Boltzmann machine → GAN → deep belief network → transformer",
    ],
    answer: 2,
    explanation: "Boltzmann machine 1985, deep belief network 2006, VAE 2013, GAN 2014, transformer 2017.",
  },
  {
    id: "transformer-year",
    kind: "numeric",
    prompt: "In which year was “Attention Is All You Need”, the paper introducing the transformer, published?",
    answer: 2017,
    tolerance: 0,
    explanation: "Vaswani et al., 2017. GPT and BERT followed in 2018.",
  },
  {
    id: "diffusion",
    kind: "choice",
    prompt: "Diffusion models were proposed in 2015 and became competitive on image quality in 2020. What does such a model learn?",
    choices: [
      "To fool a discriminator",
      "To predict the next word from the previous ones",
      "To cluster images into K groups",
      "To reverse a process that gradually corrupts data into noise",
    ],
    answer: 3,
    explanation:
      "Sohl-Dickstein et al. (2015) and Ho et al.'s DDPM (2020): a forward process adds noise step by step; the network learns the reverse, denoising steps.",
  },
  {
    id: "classical-limit",
    kind: "choice",
    prompt: "What was the main limitation of classical generative models such as GMMs, HMMs and n-gram tables?",
    choices: [
      "They cannot be written down as probability distributions",
      "They scale poorly to high-dimensional data and long-range dependencies",
      "They need labelled data",
      "They can only generate images",
    ],
    answer: 1,
    explanation:
      "They are proper, interpretable distributions fitted without labels, but they cannot capture the structure of thousands of dependent dimensions (images) or long contexts (text).",
  },
  {
    id: "clip",
    kind: "choice",
    prompt: "CLIP (2021) was pre-trained on image–caption pairs. DALL·E 2 (2022) uses its embeddings. What did CLIP learn?",
    choices: [
      "A shared embedding space in which matching images and captions lie close together",
      "To generate an image from its caption, pixel by pixel",
      "To write a caption for an image, word by word",
      "To classify images into a fixed list of 1,000 labelled classes",
    ],
    answer: 0,
    explanation:
      "CLIP trains an image encoder and a text encoder contrastively on 400 million pairs so that an image and its caption get similar embeddings, and other pairings dissimilar ones. It generates nothing itself: DALL·E 2's diffusion decoder turns CLIP image embeddings into pictures.",
  },
];
