import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getSessionUserId } from "@/lib/auth/session";

export default async function Home() {
  await connection();
  redirect((await getSessionUserId()) ? "/personal" : "/sign-in");
}
