import { UsersView } from './_components/users-view';

export const metadata = { title: 'Users · ml-connector' };

export default function UsersPage() {
  return <UsersView />;
}
