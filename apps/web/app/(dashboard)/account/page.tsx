import { AccountView } from './_components/account-view';

export const metadata = { title: 'Account · ml-connector' };

export default function AccountPage() {
  return <AccountView />;
}
